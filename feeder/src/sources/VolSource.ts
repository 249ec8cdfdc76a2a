/** One implied-vol reading: [wad, 1e18 = 100%] per expiry [unix seconds]. */
export type VolReadings = Map<bigint, bigint>;

/**
 * Where the feeder gets implied volatility. `read` returns a reading for each expiry it can price
 * (expiries it cannot price are left out, with their error in `errors`); readings are validated by the
 * feeder (finite, non-zero, inside OracleHub's bounds) before anything is posted.
 */
export type VolSource = {
  /** e.g. "static", "http 127.0.0.1:8080" */
  name: string;
  read: (request: { market: string; expiries: bigint[] }) => Promise<{ readings: VolReadings; errors: { expiry: bigint; error: Error }[] }>;
};
