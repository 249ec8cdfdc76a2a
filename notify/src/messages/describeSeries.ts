import type { SeriesInfo } from "../../../sdk/src/index.js";
import { formatAmountWad } from "./formatFigures.js";

/** `WETH put 2,000.00 · expires 2026-01-15 08:00 UTC (series 3)` */
export function describeSeries(s: SeriesInfo, underlyingLabel: string): string {
  const expiry = new Date(Number(s.expiry) * 1000).toISOString().slice(0, 16).replace("T", " ");
  return `${underlyingLabel} ${s.isCall ? "call" : "put"} ${formatAmountWad(s.strikeWad)} · expires ${expiry} UTC (series ${s.seriesId})`;
}
