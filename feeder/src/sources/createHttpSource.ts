import type { SourceConfig } from "../config/configSchema.js";
import { SourceError } from "../errors/FeederError.js";
import type { VolSource } from "./VolSource.js";
import { parseVol } from "./parseVol.js";

type HttpConfig = Extract<SourceConfig, { type: "http" }>;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Deribit-style instrument name of an expiry: ETH-4DEC26. */
export function instrumentName(market: string, expiry: bigint): string {
  const d = new Date(Number(expiry) * 1000);
  return `${market}-${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear()).slice(2)}`;
}

/**
 * An HTTP JSON source: one GET per (market, expiry) at `url` with {market}, {expiry}, {instrument}
 * filled in; the vol is read at the dotted `path` of the body (default `result.mark_iv`, Deribit's
 * ticker format: `{"result": {"mark_iv": 62.5}}` = 62.5%) in `unit`.
 */
export function createHttpSource(config: HttpConfig): VolSource {
  const host = new URL(config.url.replace(/[{}]/g, "")).host;
  const name = `http ${host}`;
  return {
    name,
    read: async ({ market, expiries }) => {
      const readings = new Map<bigint, bigint>();
      const errors: { expiry: bigint; error: Error }[] = [];
      await Promise.all(
        expiries.map(async (expiry) => {
          const url = config.url
            .replaceAll("{market}", encodeURIComponent(market))
            .replaceAll("{expiry}", expiry.toString())
            .replaceAll("{instrument}", encodeURIComponent(instrumentName(market, expiry)));
          try {
            const res = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs) });
            if (!res.ok) throw new SourceError(name, `${url}: HTTP ${res.status}`);
            const body = (await res.json()) as unknown;
            let v: unknown = body;
            for (const key of config.path.split(".")) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
            if (v === undefined) throw new SourceError(name, `${url}: no ${config.path} in the response`);
            readings.set(expiry, parseVol(v, config.unit));
          } catch (error) {
            errors.push({ expiry, error: error instanceof SourceError ? error : new SourceError(name, `${url}: ${(error as Error).message}`, { cause: error }) });
          }
        }),
      );
      return { readings, errors };
    },
  };
}
