/** Fixed-point helpers with the Solidity names (solady FixedPointMathLib); all values are bigint wad. */
export const WAD = 10n ** 18n;

/** x × y / 1e18 rounded toward zero (what the keeper receives / counts as gain). */
export function mulWadDown(x: bigint, y: bigint): bigint {
  return (x * y) / WAD;
}

/** x × y / 1e18 rounded away from zero (what the keeper pays / counts as cost). */
export function mulWadUp(x: bigint, y: bigint): bigint {
  const p = x * y;
  const q = p / WAD;
  return p % WAD === 0n ? q : p > 0n ? q + 1n : q - 1n;
}

/** x × 1e18 / y rounded toward zero. */
export function divWadDown(x: bigint, y: bigint): bigint {
  return (x * WAD) / y;
}

/** A decimal string ("1.05", "-3", "0.000001") as wad; throws on more than 18 decimals or bad syntax. */
export function parseWad(text: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,18}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal number with at most 18 decimals: "${text}"`);
  const v = BigInt(m[2]) * WAD + BigInt((m[3] ?? "").padEnd(18, "0"));
  return m[1] ? -v : v;
}

/** A wad value as a decimal string with `decimals` digits (truncated toward zero). */
export function formatWad(x: bigint, decimals = 4): string {
  const neg = x < 0n;
  const a = neg ? -x : x;
  const frac = (a % WAD).toString().padStart(18, "0").slice(0, decimals);
  return `${neg ? "-" : ""}${a / WAD}${decimals > 0 ? "." + frac : ""}`;
}

/** A wad value as a float (display and metrics only). */
export function wadToNumber(x: bigint): number {
  return Number(x) / 1e18;
}
