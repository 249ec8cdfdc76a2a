/**
 * Unit tests of the liquidation starter on the CRE SDK's test runtime (Bun: `npm run test:cre`): the
 * status view, the vault and the receiver are mocked at their addresses (EvmMock); the report the
 * workflow writes is decoded as the receiver decodes it.
 */
import { describe, expect } from "bun:test";
import { getNetwork, TxStatus, type CronPayload } from "@chainlink/cre-sdk";
import { addContractMock, EvmMock, newTestRuntime, REPORT_METADATA_HEADER_LENGTH, test } from "@chainlink/cre-sdk/test";
import { bytesToHex, type Address, type Hex } from "viem";
import { receiverAbi, statusViewAbi, vaultAbi } from "./abis";
import { configSchema, decodeReport, encodeReport, initWorkflow, onCron, scanWindow, selectAccounts, type Config } from "./workflow";

const SELECTOR_NAME = "ethereum-testnet-sepolia";
const VAULT = "0x9A676e781A523b5d0C0e43731313A708CB607508" as Address;
const ENGINE = "0x4ed7c70F96B99c776995fB64377f0d4aB3B0e1C1" as Address;
const RECEIVER = "0xa85233C63b9Ee964Add6F2cffe00Fd84eb32338f" as Address;
const A = "0x00000000000000000000000000000000000000a1" as Address; // can start
const B = "0x00000000000000000000000000000000000000b2" as Address; // can reset
const C = "0x00000000000000000000000000000000000000c3" as Address; // healthy

const config: Config = configSchema.parse({ schedule: "0 * * * * *", chainSelectorName: SELECTOR_NAME, vault: VAULT, statusView: ENGINE, receiver: RECEIVER });
const status = (o: { canStart?: boolean; canReset?: boolean }) => ({
  auctionId: 0n,
  active: false,
  seriesId: 1n,
  lotIsShort: true,
  maxSizeWad: 0n,
  markPriceWad: 0n,
  discountWad: 0n,
  bidPriceWad: 0n,
  ratioWad: 10n ** 18n,
  tier: 1n,
  startedAt: 0n,
  canStart: o.canStart ?? false,
  canEnd: false,
  canReset: o.canReset ?? false,
});
const payload = (seconds: bigint) => ({ scheduledExecutionTime: { seconds, nanos: 0 } }) as unknown as CronPayload;

function mockChain(accounts: Address[], statuses: Record<string, ReturnType<typeof status>>) {
  const network = getNetwork({ chainFamily: "evm", chainSelectorName: SELECTOR_NAME, isTestnet: true })!;
  const evm = EvmMock.testInstance(network.chainSelector.selector);
  const vault = addContractMock(evm, { address: VAULT, abi: vaultAbi });
  vault.accountCount = () => BigInt(accounts.length);
  vault.accountAt = (i: unknown) => accounts[Number(i as bigint)];
  const view = addContractMock(evm, { address: ENGINE, abi: statusViewAbi });
  view.auctionStatus = (a: unknown) => statuses[(a as string).toLowerCase()] ?? status({});
  const receiver = addContractMock(evm, { address: RECEIVER, abi: receiverAbi });
  const written: { payload: Hex; gasLimit: bigint }[] = [];
  receiver.writeReport = (input) => {
    written.push({ payload: bytesToHex(input.report.rawReport.slice(REPORT_METADATA_HEADER_LENGTH)), gasLimit: input.gasConfig.gasLimit });
    return { txStatus: TxStatus.SUCCESS, txHash: new Uint8Array(32).fill(0xab) };
  };
  return { receiver, written };
}

describe("pure parts", () => {
  test("the report is abi.encode(address[]), what LiquidationReceiver decodes", () => {
    const r = encodeReport([A, B]);
    expect(r.slice(0, 66)).toBe(`0x${"20".padStart(64, "0")}`); // offset of the dynamic array
    expect(decodeReport(r).map((x) => x.toLowerCase())).toEqual([A, B]);
  });

  test("the scan window advances by scanPerRun each period and wraps", () => {
    expect(scanWindow({ count: 25n, scanPerRun: 10, scheduledSeconds: 0n, periodSeconds: 60 })).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    expect(scanWindow({ count: 25n, scanPerRun: 10, scheduledSeconds: 60n, periodSeconds: 60 })[0]).toBe(10n);
    expect(scanWindow({ count: 25n, scanPerRun: 10, scheduledSeconds: 120n, periodSeconds: 60 })).toEqual([20n, 21n, 22n, 23n, 24n, 0n, 1n, 2n, 3n, 4n]);
    expect(scanWindow({ count: 3n, scanPerRun: 10, scheduledSeconds: 999n, periodSeconds: 60 })).toHaveLength(3);
    expect(scanWindow({ count: 0n, scanPerRun: 10, scheduledSeconds: 0n, periodSeconds: 60 })).toEqual([]);
  });

  test("selects start and reset candidates, capped", () => {
    const s = [
      { account: A, status: status({ canStart: true }) },
      { account: B, status: status({ canReset: true }) },
      { account: C, status: status({}) },
    ];
    expect(selectAccounts(s, 10)).toEqual([A, B]);
    expect(selectAccounts(s, 1)).toEqual([A]);
  });

  test("the config is validated", () => {
    expect(() => configSchema.parse({ ...config, receiver: "0x1234" })).toThrow();
    expect(() => configSchema.parse({ ...config, maxAccountsPerReport: 101 })).toThrow();
    expect(() => configSchema.parse({ ...config, vault: "0x0000000000000000000000000000000000000000" })).toThrow("cre:config");
  });
});

describe("onCron on the test runtime", () => {
  test("reads status through the view and reports the accounts to start or reset", () => {
    const { written } = mockChain([C, A, B], { [A]: status({ canStart: true }), [B]: status({ canReset: true }) });
    const runtime = newTestRuntime<Config>(null, {}, config);
    const out = onCron(runtime, payload(0n));
    expect(out).toStartWith("reported 2");
    expect(written).toHaveLength(1);
    expect(decodeReport(written[0]!.payload).map((x) => x.toLowerCase())).toEqual([A, B]);
    expect(written[0]!.gasLimit).toBe(2_000_000n);
    expect(runtime.getLogs().join("\n")).toContain("accounts 0..2 of 3");
  });

  test("writes nothing when no account can be started or reset", () => {
    const { written } = mockChain([A, B, C], {});
    const runtime = newTestRuntime<Config>(null, {}, config);
    expect(onCron(runtime, payload(60n))).toBe("nothing to do");
    expect(written).toHaveLength(0);
  });

  test("a reverted write fails the execution", () => {
    const { receiver } = mockChain([A], { [A]: status({ canStart: true }) });
    receiver.writeReport = () => ({ txStatus: TxStatus.REVERTED, errorMessage: "InvalidWorkflowOwner" });
    const runtime = newTestRuntime<Config>(null, {}, config);
    expect(() => onCron(runtime, payload(0n))).toThrow("InvalidWorkflowOwner");
  });

  test("initWorkflow registers onCron on the configured schedule", () => {
    const handlers = initWorkflow(config);
    expect(handlers).toHaveLength(1);
    expect(handlers[0]!.fn).toBe(onCron);
    expect((handlers[0]!.trigger as unknown as { config?: { schedule?: string } }).config?.schedule).toBe(config.schedule);
  });
});
