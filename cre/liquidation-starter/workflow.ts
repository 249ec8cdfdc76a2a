import {
  bytesToHex,
  cre,
  encodeCallMsg,
  getNetwork,
  LATEST_BLOCK_NUMBER,
  prepareReportRequest,
  TxStatus,
  type CronPayload,
  type Runtime,
} from "@chainlink/cre-sdk";
import { decodeAbiParameters, decodeFunctionResult, encodeAbiParameters, encodeFunctionData, isAddress, zeroAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { statusViewAbi, vaultAbi } from "./abis.js";

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), "must be a 0x-prefixed 20-byte address")
  .refine((s) => s.toLowerCase() !== zeroAddress, "is the zero address (run `npm run cre:config -- <network>` after deploying)");

/**
 * The liquidation starter's configuration (config.<network>.json). Addresses come from the protocol's
 * deployment folder (deploy/deployments/chain-<id>/deployed_addresses.json).
 */
export const configSchema = z.object({
  /** CRE cron with seconds, e.g. "0 * * * * *" (every minute) */
  schedule: z.string().min(9),
  /** CRE chain selector name, e.g. "ethereum-testnet-sepolia" */
  chainSelectorName: z.string().min(1),
  /** OptionVault (Protocol#OptionVault) */
  vault: address,
  /** the auction status view: LiquidationEngine today (Protocol#LiquidationEngine), a lens later */
  statusView: address,
  /** LiquidationReceiver (Protocol#LiquidationReceiver) */
  receiver: address,
  /** accounts read per execution (two EVM reads each: accountAt, auctionStatus) */
  scanPerRun: z.number().int().min(1).max(50).default(10),
  /** [seconds] the schedule's period: successive executions scan successive windows of the list */
  periodSeconds: z.number().int().min(1).default(60),
  /** most accounts one report lists (the receiver accepts up to 100) */
  maxAccountsPerReport: z.number().int().min(1).max(100).default(20),
  /** gas limit of the forwarder's onReport call */
  gasLimit: z.string().regex(/^\d+$/).default("2000000"),
});

export type Config = z.infer<typeof configSchema>;

export type AuctionStatus = { canStart: boolean; canReset: boolean; ratioWad: bigint; tier: bigint };

/**
 * The window of the account list this execution scans: [start, start + size) modulo `count`, the start
 * advancing by `scanPerRun` each period, so every account is read once every ⌈count / scanPerRun⌉
 * periods. Deterministic from the trigger's scheduled time, so every node of the DON reads the same.
 */
export function scanWindow({ count, scanPerRun, scheduledSeconds, periodSeconds }: { count: bigint; scanPerRun: number; scheduledSeconds: bigint; periodSeconds: number }): bigint[] {
  if (count === 0n) return [];
  const size = BigInt(scanPerRun) < count ? BigInt(scanPerRun) : count;
  const start = ((scheduledSeconds / BigInt(periodSeconds)) * BigInt(scanPerRun)) % count;
  return Array.from({ length: Number(size) }, (_, i) => (start + BigInt(i)) % count);
}

/** The accounts a report should list: an auction can start, or can be reset. */
export function selectAccounts(statuses: { account: Address; status: AuctionStatus }[], max: number): Address[] {
  return statuses.filter((s) => s.status.canStart || s.status.canReset).map((s) => s.account).slice(0, max);
}

/** The report the receiver decodes: abi.encode(address[] accounts). */
export function encodeReport(accounts: Address[]): Hex {
  return encodeAbiParameters([{ type: "address[]" }], [accounts]);
}

/** The inverse of encodeReport. */
export function decodeReport(report: Hex): readonly Address[] {
  return decodeAbiParameters([{ type: "address[]" }], report)[0];
}

const evmClientFor = (chainSelectorName: string) => {
  const network = getNetwork({ chainFamily: "evm", chainSelectorName, isTestnet: true }) ?? getNetwork({ chainFamily: "evm", chainSelectorName, isTestnet: false });
  if (!network) throw new Error(`unknown chain selector name ${chainSelectorName}`);
  return new cre.capabilities.EVMClient(network.chainSelector.selector);
};

/**
 * One execution: read the window's accounts and their auction status through the status view (EVM
 * reads at the latest block: auctions follow fresh prices; the receiver re-validates every account
 * anyway), and when any can be started or reset, report them to the LiquidationReceiver.
 */
export function onCron(runtime: Runtime<Config>, payload: CronPayload): string {
  const config = runtime.config;
  const evm = evmClientFor(config.chainSelectorName);
  const call = <T>(to: string, data: Hex, decode: (data: Hex) => T): T => {
    const reply = evm.callContract(runtime, { call: encodeCallMsg({ from: zeroAddress, to: to as Address, data }), blockNumber: LATEST_BLOCK_NUMBER }).result();
    return decode(bytesToHex(reply.data));
  };
  const count = call(config.vault, encodeFunctionData({ abi: vaultAbi, functionName: "accountCount" }), (d) => decodeFunctionResult({ abi: vaultAbi, functionName: "accountCount", data: d }));
  const scheduledSeconds = payload.scheduledExecutionTime?.seconds ?? 0n;
  const window = scanWindow({ count, scanPerRun: config.scanPerRun, scheduledSeconds, periodSeconds: config.periodSeconds });
  const statuses = window.map((i) => {
    const account = call(config.vault, encodeFunctionData({ abi: vaultAbi, functionName: "accountAt", args: [i] }), (d) => decodeFunctionResult({ abi: vaultAbi, functionName: "accountAt", data: d }));
    const status = call(config.statusView, encodeFunctionData({ abi: statusViewAbi, functionName: "auctionStatus", args: [account] }), (d) =>
      decodeFunctionResult({ abi: statusViewAbi, functionName: "auctionStatus", data: d }),
    );
    return { account, status };
  });
  const accounts = selectAccounts(statuses, config.maxAccountsPerReport);
  const scanned = window.length === 0 ? "no accounts" : `accounts ${window[0]}..${window[window.length - 1]} of ${count}`;
  if (accounts.length === 0) {
    runtime.log(`scanned ${scanned}: nothing to start or reset`);
    return "nothing to do";
  }
  runtime.log(`scanned ${scanned}: reporting ${accounts.join(", ")}`);
  const report = runtime.report(prepareReportRequest(encodeReport(accounts))).result();
  const reply = evm.writeReport(runtime, { receiver: config.receiver, report, gasConfig: { gasLimit: config.gasLimit } }).result();
  if (reply.txStatus !== TxStatus.SUCCESS) throw new Error(`writeReport failed: ${reply.errorMessage ?? TxStatus[reply.txStatus]}`);
  const tx = reply.txHash ? bytesToHex(reply.txHash) : "(no hash)";
  runtime.log(`reported ${accounts.length} accounts in ${tx}`);
  return `reported ${accounts.length}: ${tx}`;
}

/** The workflow: one cron trigger. */
export function initWorkflow(config: Config) {
  return [cre.handler(new cre.capabilities.CronCapability().trigger({ schedule: config.schedule }), onCron)];
}
