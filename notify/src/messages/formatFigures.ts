import { formatUnits } from "viem";
import { MAX_UINT256, WAD } from "../../../sdk/src/index.js";
import { formatWad } from "../../../keeper/src/strategy/wadMath.js";

/** A wad amount for reading: thousands separated, `decimals` digits (truncated). */
export function formatAmountWad(x: bigint, decimals = 2): string {
  const [i, f] = formatWad(x, decimals).split(".");
  const neg = i.startsWith("-");
  const digits = (neg ? i.slice(1) : i).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${digits}${f === undefined ? "" : "." + f}`;
}

/** A token amount [token decimals] with its symbol, 2 decimals. */
export function formatToken(amount: bigint, token: { decimals: number; symbol: string }): string {
  const [i, f = ""] = formatUnits(amount, token.decimals).split(".");
  return `${formatAmountWad(BigInt(i) * WAD, 0)}.${f.padEnd(2, "0").slice(0, 2)} ${token.symbol}`;
}

/** A margin ratio [wad], 4 decimals; ∞ when the account has no requirement. */
export function formatRatio(ratioWad: bigint): string {
  return ratioWad === MAX_UINT256 ? "∞" : formatWad(ratioWad, 4);
}

/** A share [1e18 = 100%] as a percentage with 2 decimals. */
export function formatPercent(shareWad: bigint): string {
  const bps = (shareWad * 10_000n) / WAD; // truncated toward zero
  const neg = bps < 0n;
  const a = neg ? -bps : bps;
  return `${neg ? "-" : ""}${a / 100n}.${(a % 100n).toString().padStart(2, "0")}%`;
}

/** A signed size [wad], up to 4 decimals, trailing zeros removed. */
export function formatSize(sizeWad: bigint): string {
  return formatWad(sizeWad, 4).replace(/\.?0+$/, "");
}

/** `0x1234…abcd` */
export function shortAddress(a: string): string {
  return `${a.slice(0, 6)}…${a.slice(-4)}`;
}
