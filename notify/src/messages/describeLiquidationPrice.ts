import { WAD } from "../../../sdk/src/index.js";
import { formatAmountWad, formatPercent } from "./formatFigures.js";

export type LiquidationPriceView = {
  /** the underlying's symbol or short address */
  label: string;
  /** [wad] */
  spotWad: bigint;
  /** [wad] 0: none within S/16 */
  downWad: bigint;
  /** [wad] 0: none within 16·S */
  upWad: bigint;
};

/**
 * One line: the spots at which the ratio reaches 1 below and above spot, each with its distance from
 * spot, e.g. `WETH liquidation price ↓ 1,843.21 (−7.84%) · ↑ none up to 16× spot from spot 2,000.00`; when the
 * ratio is already at or under 1 (the lens returns spot both ways), says so.
 */
export function describeLiquidationPrice(view: LiquidationPriceView | { label: string; spotWad: string; downWad: string; upWad: string } | undefined): string {
  if (view === undefined) return "Liquidation price: not readable at this block (the lens reverted)";
  const { label } = view;
  const [spotWad, downWad, upWad] = [BigInt(view.spotWad), BigInt(view.downWad), BigInt(view.upWad)];
  if (downWad === spotWad && upWad === spotWad) return `${label} liquidation price: reached (the ratio is at or under 1 at spot ${formatAmountWad(spotWad)})`;
  const dist = (p: bigint) => formatPercent(((p - spotWad) * WAD) / spotWad).replace(/^(\d)/, "+$1").replace(/^-/, "−");
  const down = downWad === 0n ? "↓ none down to spot/16" : `↓ ${formatAmountWad(downWad)} (${dist(downWad)})`;
  const up = upWad === 0n ? "↑ none up to 16× spot" : `↑ ${formatAmountWad(upWad)} (${dist(upWad)})`;
  return `${label} liquidation price ${down} · ${up} from spot ${formatAmountWad(spotWad)}`;
}
