import type { Address, Hex } from "viem";
import type { MessageKind } from "../config/configSchema.js";

/**
 * One message for one account, as stored and sent (JSON-safe: on-chain figures as decimal strings in
 * their raw units, named with the unit suffix: `...Wad` [wad], `...Ray` [1e27], amounts [token decimals]).
 */
export type Notification = {
  /** dedupe key: `txHash:logIndex:account` for an event, `warning:account:block` for a warning */
  key: string;
  kind: MessageKind;
  /** the account the message is about and for */
  account: Address;
  chainId: number;
  /** the block the message is about, and its hash when read (re-checked before sending) */
  blockNumber: string;
  blockHash: Hex;
  txHash?: Hex;
  logIndex?: number;
  /** one line */
  title: string;
  /** the body, plain text, one fact per line */
  text: string;
  /** the figures (decimal strings) */
  data: Record<string, string>;
  /** liquidation prices after the event, one per underlying of the account's book (warnings, bids) */
  prices?: { underlying: Address; label: string; spotWad: string; downWad: string; upWad: string }[];
};

export type { MessageKind };
