const WAD = 10n ** 18n;

/**
 * A reading (number or decimal string, `unit` percent or fraction) as wad. Throws on anything that is
 * not a finite positive number (NaN, Infinity, zero, negative, empty, non-numeric).
 */
export function parseVol(value: unknown, unit: "percent" | "fraction"): bigint {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : typeof value === "number" ? value : NaN;
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${JSON.stringify(value)}`);
  if (n <= 0) throw new Error(`not positive: ${n}`);
  // 12 significant decimals are plenty for a vol; the rest is float noise
  const fraction = unit === "percent" ? n / 100 : n;
  return (BigInt(Math.round(fraction * 1e12)) * WAD) / 10n ** 12n;
}
