/** Fixed-point helpers with the Solidity names (solady FixedPointMathLib / morpho-blue MathLib). */

/** 1e18 */
export const WAD = 10n ** 18n;
/** 1e27 */
export const RAY = 10n ** 27n;

/** x × y / 1e18, rounded down (what a user receives). Throws on negative inputs. */
export function mulWadDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, y, WAD);
}

/** x × y / 1e18, rounded up (what a user owes). */
export function mulWadUp(x: bigint, y: bigint): bigint {
  return mulDivUp(x, y, WAD);
}

/** x × 1e18 / y, rounded down. */
export function divWadDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, WAD, y);
}

/** x × 1e18 / y, rounded up. */
export function divWadUp(x: bigint, y: bigint): bigint {
  return mulDivUp(x, WAD, y);
}

/** x × y / d, rounded down (unsigned). */
export function mulDivDown(x: bigint, y: bigint, d: bigint): bigint {
  assertUnsigned(x, y, d);
  return (x * y) / d;
}

/** x × y / d, rounded up (unsigned). */
export function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  assertUnsigned(x, y, d);
  const p = x * y;
  return p === 0n ? 0n : (p - 1n) / d + 1n;
}

/** `amount` [token decimals] in wad: amount × 10^(18 − decimals) (as OptionVault.collateralToWad). */
export function toWad(amount: bigint, decimals: number): bigint {
  return amount * 10n ** BigInt(18 - decimals);
}

/** `amountWad` [wad] in token units, rounded down. */
export function fromWadDown(amountWad: bigint, decimals: number): bigint {
  return amountWad / 10n ** BigInt(18 - decimals);
}

/** `amountWad` [wad] in token units, rounded up. */
export function fromWadUp(amountWad: bigint, decimals: number): bigint {
  const s = 10n ** BigInt(18 - decimals);
  return amountWad === 0n ? 0n : (amountWad - 1n) / s + 1n;
}

function assertUnsigned(x: bigint, y: bigint, d: bigint): void {
  if (x < 0n || y < 0n) throw new RangeError("wad math: negative operand");
  if (d <= 0n) throw new RangeError("wad math: division by zero");
}
