/** A decimal string ("1.05", "0.0001", "25") as an integer with `decimals` fractional digits, exactly. */
export function parseDecimal(value: string, decimals: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`not a non-negative decimal number: ${JSON.stringify(value)}`);
  const frac = m[2] ?? "";
  if (frac.length > decimals) throw new Error(`${value} has more than ${decimals} decimals`);
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt((frac + "0".repeat(decimals)).slice(0, decimals) || "0");
}

/** A decimal string as wad (18 decimals). */
export function parseWad(value: string): bigint {
  return parseDecimal(value, 18);
}
