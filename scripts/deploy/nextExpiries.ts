export type NextExpiriesParameters = {
  /** [unix seconds] now (the chain's latest block timestamp) */
  now: bigint;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  hourUtc: number;
  count: number;
  /** [days] the first expiry is at least this far ahead */
  minDays: number;
};

/** The next `count` weekly expiries [unix seconds] on `weekday` at `hourUtc`:00 UTC, at least `minDays` ahead. */
export function nextExpiries({ now, weekday, hourUtc, count, minDays }: NextExpiriesParameters): bigint[] {
  const day = 86_400n;
  const earliest = now + BigInt(Math.ceil(minDays * 86_400));
  // 1970-01-01 was a Thursday (weekday 4)
  let t = (earliest / day) * day + BigInt(hourUtc) * 3_600n;
  while (t < earliest || Number(((t / day) + 4n) % 7n) !== weekday) t += day;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) out.push(t + BigInt(i) * 7n * day);
  return out;
}
