import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import {
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  encodePacked,
  http,
  keccak256,
  parseEventLogs,
  toBytes,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import { signOrder } from "../../deploy/local/signOrder.js";
import { ROLES } from "../../deploy/roles.js";
import { stopChild } from "../../test/e2e/helpers/startNode.js";
import { startKeeperProcess } from "../../test/e2e/helpers/startKeeperProcess.js";
import { encodeWorkflowName } from "../deploy/encodeWorkflowName.js";
import { marketUnderlying, loadParameters, type ParameterFile } from "../deploy/parameterSchema.js";
import { readArtifact } from "../deploy/readArtifactAbi.js";
import { placeTestnetContracts } from "./placeTestnetContracts.js";
import { runDeployment } from "./runDeployment.js";
import { startRehearsalNode } from "./startRehearsalNode.js";
import { TESTNET_FEEDS, TESTNET_USDC } from "./testnetFeeds.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MNEMONIC = "test test test test test test test test test test test junk"; // anvil's prefunded accounts
const WAD = 10n ** 18n;
const USDC = 10n ** 6n;

export type RehearseParameters = { network: string; log?: (line: string) => void };

export type RehearseReturnType = {
  network: string;
  chainId: number;
  deploymentDir: string;
  /** seconds per stage */
  timings: Record<string, number>;
  facts: {
    seriesListed: number;
    volsPosted: number;
    fillSizeWad: bigint;
    ratioAfterMoveWad: bigint;
    receiverStarted: boolean;
    bidSizeWad: bigint;
    positionAfterBidWad: bigint;
    positionAtStartWad: bigint;
    ratioAfterBidWad: bigint;
    settledPriceWad: bigint;
    traderPositionAfterSettleWad: bigint;
  };
};

const key = (a: HDAccount): Hex => toHex(a.getHdKey().privateKey!);

/**
 * Rehearses the production deployment of `network` on a local anvil: the chain id of the network,
 * Chainlink-compatible aggregators AT the real feed addresses (each feed's description, 8 decimals, a
 * realistic price) and a 6-decimal USDC at the USDC address; then the exact production command
 * (`npm run deploy -- <network>` with the unchanged parameter file, verification off) and a smoke test
 * on what it deployed: list a series, post vols through the feeder (a separate process), two accounts
 * trade through a signed order, the price moves, the CRE receiver starts the auction from a report
 * delivered by the (impersonated) forwarder, the keeper (a separate process reading the deployment
 * folder) bids part of the book, and the series settles at expiry. Throws on any failed step.
 */
export async function rehearse({ network, log = () => {} }: RehearseParameters): Promise<RehearseReturnType> {
  const paramsFile = join(ROOT, "deploy", "parameters", `${network}.json`);
  const params = loadParameters(paramsFile);
  const chainId = params.Deployment.chainId;
  const deploymentId = `rehearsal-${network}`;
  const deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
  rmSync(deploymentDir, { recursive: true, force: true });
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const stage = (name: string) => {
    timings[name] = (Date.now() - t0) / 1000;
    t0 = Date.now();
  };

  const node = await startRehearsalNode({ chainId });
  const dir = mkdtempSync(join(tmpdir(), `rehearsal-${network}-`));
  const stops: (() => Promise<void>)[] = [];
  try {
    const [deployer, maker, trader, keeperAcct, feederAcct] = [0, 1, 2, 3, 4].map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i })) as HDAccount[];
    const publicClient = createPublicClient({ transport: http(node.url), pollingInterval: 50 }) as PublicClient;
    const wallet = (a: HDAccount) => createWalletClient({ transport: http(node.url), account: a });
    log(`anvil on ${node.url} with chain id ${chainId}`);
    await placeTestnetContracts({ publicClient, walletClient: wallet(deployer!), account: deployer!.address, feeds: TESTNET_FEEDS[chainId]!, usdc: TESTNET_USDC[chainId]! });
    for (const f of TESTNET_FEEDS[chainId]!) log(`placed ${f.description.padEnd(10)} (${f.decimals} decimals) at ${f.address}`);
    log(`placed USD Coin (6 decimals) at ${TESTNET_USDC[chainId]}`);
    stage("node");

    const deployment = await runDeployment({ network, url: node.url, deployerKey: key(deployer!), deploymentId, onLine: (l) => log(`  | ${l}`) });
    if (deployment.code !== 0) throw new Error(`deployment of ${network} failed (exit ${deployment.code})`);
    stage("deploy");

    const map = JSON.parse(readFileSync(join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<string, Address>;
    const A = {
      manager: map["Protocol#AccessManager"]!,
      hub: map["Protocol#OracleHub"]!,
      vault: map["Protocol#OptionVault"]!,
      margin: map["Protocol#MarginLens"]!,
      liq: map["Protocol#LiquidationEngine"]!,
      receiver: map["Protocol#LiquidationReceiver"]!,
    };
    const abi = {
      manager: readArtifact("AccessManager").abi,
      hub: readArtifact("OracleHub").abi,
      vault: readArtifact("OptionVault").abi,
      margin: readArtifact("MarginLens").abi,
      liq: readArtifact("LiquidationEngine").abi,
      receiver: readArtifact("LiquidationReceiver").abi,
      feed: readArtifact("RehearsalAggregator").abi,
      token: readArtifact("MockERC20").abi,
    };
    const read = <T>(address: Address, a: Abi, functionName: string, args: unknown[] = []) => publicClient.readContract({ address, abi: a, functionName, args }) as Promise<T>;
    const send = async (who: HDAccount, address: Address, a: Abi, functionName: string, args: unknown[] = []) => {
      const { request } = await publicClient.simulateContract({ address, abi: a, functionName, args, account: who });
      const hash = await wallet(who).writeContract({ ...request, chain: null } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
      return receipt;
    };
    const rpc = (method: string, p: unknown[]) => publicClient.request({ method: method as never, params: p as never });

    // ---------------------------------------------------------------- list a series
    const eth = params.Deployment.markets.find((m) => m.name === "ETH")!;
    const ethId = marketUnderlying(eth);
    const ethFeed = eth.feed.address;
    const spot = await read<bigint>(A.hub, abi.hub, "spot", [ethId]);
    const now = (await publicClient.getBlock()).timestamp;
    const expiry = ((now + 86_400n) / 86_400n + 1n) * 86_400n + 16n * 3_600n; // 16:00 UTC, 1-2 days ahead (the file lists 08:00 expiries)
    const strike = (spot / (50n * WAD)) * 50n * WAD;
    await send(deployer!, A.vault, abi.vault, "listSeries", [ethId, strike, expiry, true]);
    const seriesId = await read<bigint>(A.vault, abi.vault, "seriesIdOf", [ethId, strike, expiry, true]);
    const seriesListed = Number(await read<bigint>(A.vault, abi.vault, "seriesCount"));
    log(`listed series #${seriesId}: ETH ${strike / WAD} call expiring ${new Date(Number(expiry) * 1000).toISOString()} (${seriesListed} series listed in all)`);
    stage("list");

    // ---------------------------------------------------------------- vols through the feeder
    await send(deployer!, A.manager, abi.manager, "grantRole", [ROLES.FEEDER, feederAcct!.address, 0]);
    const feederConfig = {
      rpcUrl: node.url,
      chainId,
      deploymentDir,
      markets: params.Deployment.markets.map((m) => ({ name: m.name, underlying: marketUnderlying(m), source: { type: "static", default: m.name === "ETH" ? "0.6" : "0.55" } })),
      metrics: { enabled: false },
    };
    const feederFile = join(dir, "feeder.json");
    writeFileSync(feederFile, JSON.stringify(feederConfig, null, 2));
    const feederRun = await runProcess("feeder", [join(ROOT, "feeder", "src", "index.ts"), "--config", feederFile, "--once"], { FEEDER_PRIVATE_KEY: key(feederAcct!) });
    if (feederRun.code !== 0) throw new Error(`feeder --once exited ${feederRun.code}\n${feederRun.output.slice(-2000)}`);
    const volsPosted = feederRun.output.split("\n").filter((l) => l.includes('"msg":"posting"')).length;
    const [vol] = await read<[bigint, bigint]>(A.hub, abi.hub, "volData", [ethId, expiry]);
    if (vol !== 6n * 10n ** 17n) throw new Error(`feeder did not post the ETH vol of ${expiry}: ${vol}`);
    log(`feeder (separate process, --once) posted ${volsPosted} vols; ETH ${new Date(Number(expiry) * 1000).toISOString().slice(0, 10)}: ${Number(vol) / 1e16}%`);
    stage("feeder");

    // ---------------------------------------------------------------- two accounts trade through a signed order
    const fund = async (who: HDAccount, amount: bigint) => {
      await send(deployer!, TESTNET_USDC[chainId]!, abi.token, "mint", [who.address, amount]);
      await send(who, TESTNET_USDC[chainId]!, abi.token, "approve", [A.vault, amount]);
      await send(who, A.vault, abi.vault, "deposit", [amount]);
    };
    await fund(maker!, 1_000_000n * USDC);
    await fund(trader!, 200_000n * USDC);
    const size = 20n * WAD;
    const mark = await read<bigint>(A.margin, abi.margin, "markPrice", [seriesId]);
    const order = { maker: maker!.address, seriesId, isBuy: true, sizeWad: size, price: mark / 10n ** 12n, deadline: expiry, nonce: 0n, salt: 1n };
    const signature = await signOrder({ signer: new Wallet(key(maker!)), vault: A.vault, chainId: BigInt(chainId), order });
    await send(trader!, A.vault, abi.vault, "fill", [order, signature, size]);
    // the trader withdraws down to its initial margin: a tight book
    // (the production module sets a withdrawal delay: request, wait it out, then withdraw what margin allows)
    const [equity, , initial] = await read<[bigint, bigint, bigint]>(A.margin, abi.margin, "accountMarginIgnoringSequencer", [trader!.address]);
    const requested = (equity - initial) / 10n ** 12n - 1n * USDC;
    await send(trader!, A.vault, abi.vault, "requestWithdrawal", [requested]);
    const delay = await read<bigint>(A.vault, abi.vault, "withdrawalDelay");
    await rpc("evm_increaseTime", [Number(delay)]);
    await rpc("evm_mine", []);
    const [equityLater, , initialLater] = await read<[bigint, bigint, bigint]>(A.margin, abi.margin, "accountMarginIgnoringSequencer", [trader!.address]);
    const allowed = (equityLater - initialLater) / 10n ** 12n - 1n * USDC;
    await send(trader!, A.vault, abi.vault, "withdraw", [allowed < requested ? allowed : requested, trader!.address]);
    log(`trader withdrew after the ${delay} s withdrawal delay`);
    const ratio = async () => {
      const [e, mm] = await read<[bigint, bigint, bigint]>(A.margin, abi.margin, "accountMarginIgnoringSequencer", [trader!.address]);
      return e <= 0n ? 0n : (e * WAD) / mm;
    };
    log(`trader sold ${size / WAD} calls to the maker at ${Number(mark) / 1e18} (signed EIP-712 order); ratio after withdrawing to initial margin: ${Number(await ratio()) / 1e18}`);
    stage("trade");

    // ---------------------------------------------------------------- the price moves (into the first liquidation tier)
    const feedRound = async (price8: bigint) => send(deployer!, ethFeed, abi.feed, "updateAnswer", [price8]);
    let lo = spot / 10n ** 10n;
    let hi = (spot * 3n) / 2n / 10n ** 10n;
    const targetRatio = 1035n * 10n ** 15n; // between 1.02 and 1.05: the 10% tier
    for (let i = 0; i < 24 && hi - lo > 1_00000000n; i++) {
      const mid = (lo + hi) / 2n;
      const snap = await rpc("evm_snapshot", []);
      await feedRound(mid);
      const r = await ratio();
      await rpc("evm_revert", [snap]);
      if (r > targetRatio) lo = mid;
      else hi = mid;
    }
    await feedRound(hi);
    const ratioAfterMoveWad = await ratio();
    log(`ETH/USD moved ${Number(spot / 10n ** 10n) / 1e8} → ${Number(hi) / 1e8}: the trader's ratio is ${Number(ratioAfterMoveWad) / 1e18}`);
    stage("move");

    // ---------------------------------------------------------------- CRE: the forwarder delivers a report, the receiver starts the auction
    const workflowOwner = mnemonicToAccount(MNEMONIC, { addressIndex: 9 }).address;
    const workflowName = encodeWorkflowName("liquidation-starter");
    const workflowId = keccak256(toBytes("rehearsal workflow"));
    await send(deployer!, A.receiver, abi.receiver, "setWorkflow", [workflowOwner, workflowName, workflowId]);
    const forwarder = params.Deployment.cre.forwarder;
    await rpc("anvil_impersonateAccount", [forwarder]);
    await rpc("anvil_setBalance", [forwarder, toHex(10n ** 18n)]);
    const metadata = encodePacked(["bytes32", "bytes10", "address", "bytes2"], [workflowId, workflowName, workflowOwner, "0x0001"]);
    const report = encodeAbiParameters([{ type: "address[]" }], [[trader!.address, maker!.address]]);
    const hash = (await rpc("eth_sendTransaction", [
      { from: forwarder, to: A.receiver, data: encodeFunctionCall(abi.receiver, "onReport", [metadata, report]), gas: toHex(3_000_000n) },
    ])) as Hex;
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    await rpc("anvil_stopImpersonatingAccount", [forwarder]);
    const events = parseEventLogs({ abi: abi.receiver, logs: receipt.logs }) as { eventName: string; args: Record<string, unknown> }[];
    const receiverStarted = events.some((e) => e.eventName === "ReportStart" && (e.args.account as string).toLowerCase() === trader!.address.toLowerCase());
    if (!receiverStarted) throw new Error(`the receiver did not start the trader's auction: ${events.map((e) => e.eventName).join(", ")}`);
    log(`CRE report from the forwarder ${forwarder}: ${events.map((e) => e.eventName).join(", ")} (trader started, maker skipped)`);
    stage("receiver");

    // ---------------------------------------------------------------- the keeper bids
    await fund(keeperAcct!, 1_000_000n * USDC);
    const positionAtStartWad = await read<bigint>(A.vault, abi.vault, "positionOf", [trader!.address, seriesId]);
    const fromBlock = await publicClient.getBlockNumber();
    const keeper = startKeeperProcess({
      dir,
      name: "keeper",
      config: {
        rpcUrls: [node.url],
        chainId,
        deploymentDir,
        discovery: { startBlock: 0, checkpointFile: join(dir, "keeper-checkpoint.json") },
        strategy: { minProfit: "0", riskHaircut: "0", nativePrice: "0.0001" },
        rpc: { pollIntervalMs: 200 },
        metrics: { enabled: false },
      },
      env: { KEEPER_PRIVATE_KEY: key(keeperAcct!) },
    });
    stops.push(keeper.stop);
    let bidSizeWad = 0n;
    for (const until = Date.now() + 90_000; Date.now() < until && bidSizeWad === 0n; ) {
      await new Promise((r) => setTimeout(r, 500));
      const logs = await publicClient.getLogs({ address: A.liq, fromBlock });
      for (const e of parseEventLogs({ abi: abi.liq, logs }) as { eventName: string; args: Record<string, unknown> }[])
        if (e.eventName === "Bid" && (e.args.account as string).toLowerCase() === trader!.address.toLowerCase()) bidSizeWad += e.args.sizeWad as bigint;
      if (keeper.child.exitCode !== null) throw new Error(`keeper exited ${keeper.child.exitCode}\n${keeper.text().slice(-2000)}`);
    }
    await keeper.stop();
    if (bidSizeWad === 0n) throw new Error(`the keeper did not bid within 90 s\n${JSON.stringify(keeper.logs.slice(-8))}\n${keeper.text().slice(-1500)}`);
    const positionAfterBidWad = await read<bigint>(A.vault, abi.vault, "positionOf", [trader!.address, seriesId]);
    const ratioAfterBidWad = await ratio();
    if (positionAfterBidWad === 0n || -positionAfterBidWad >= -positionAtStartWad) throw new Error(`not a partial liquidation: ${positionAtStartWad} → ${positionAfterBidWad}`);
    log(`keeper (separate process, addresses from ${deploymentId}/deployed_addresses.json) bought back ${Number(bidSizeWad) / 1e18} of ${Number(-positionAtStartWad) / 1e18} calls: partial; trader ratio ${Number(ratioAfterMoveWad) / 1e18} → ${Number(ratioAfterBidWad) / 1e18}, short ${Number(-positionAfterBidWad) / 1e18} left`);
    stage("keeper");

    // ---------------------------------------------------------------- settle at expiry
    await rpc("evm_setNextBlockTimestamp", [Number(expiry) + 60]);
    await feedRound(hi);
    const [roundId] = await read<[bigint, bigint, bigint, bigint, bigint]>(ethFeed, abi.feed, "latestRoundData");
    await send(deployer!, A.vault, abi.vault, "settleSeries", [seriesId, roundId]);
    const before = await read<bigint>(A.vault, abi.vault, "collateralOf", [trader!.address]);
    await send(deployer!, A.vault, abi.vault, "settle", [trader!.address, seriesId]);
    await send(deployer!, A.vault, abi.vault, "settle", [maker!.address, seriesId]);
    await send(deployer!, A.vault, abi.vault, "settle", [keeperAcct!.address, seriesId]);
    const after = await read<bigint>(A.vault, abi.vault, "collateralOf", [trader!.address]);
    const traderPositionAfterSettleWad = await read<bigint>(A.vault, abi.vault, "positionOf", [trader!.address, seriesId]);
    const settlement = (await read<unknown[]>(A.vault, abi.vault, "settlementOf", [seriesId])) as unknown[];
    const settledPriceWad = settlement.find((x) => typeof x === "bigint" && x > 10n ** 20n) as bigint;
    if (traderPositionAfterSettleWad !== 0n) throw new Error(`the trader still holds ${traderPositionAfterSettleWad} after settlement`);
    log(`expiry: series #${seriesId} settled at ${Number(settledPriceWad) / 1e18} (round ${roundId >> 64n}:${roundId & ((1n << 64n) - 1n)}); trader paid ${Number(before - after) / 1e6} USDC, position closed`);
    stage("settle");

    return {
      network,
      chainId,
      deploymentDir,
      timings,
      facts: { seriesListed, volsPosted, fillSizeWad: size, ratioAfterMoveWad, receiverStarted, bidSizeWad, positionAtStartWad, positionAfterBidWad, ratioAfterBidWad, settledPriceWad, traderPositionAfterSettleWad },
    };
  } finally {
    for (const s of stops) await s().catch(() => {});
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export type RehearseRefusalReturnType = { code: number | null; output: string; refusedFeeds: string[] };

/**
 * The refusal: the Arbitrum Sepolia parameter file deployed to a Base Sepolia chain (chain id 84532,
 * Base Sepolia's real feeds placed): the preflight reads Base Sepolia's USDC/USD at Arbitrum's ETH/USD
 * address and refuses before anything is sent (exit 1, naming the feed).
 */
export async function rehearseRefusal({ log = () => {} }: { log?: (line: string) => void } = {}): Promise<RehearseRefusalReturnType> {
  const node = await startRehearsalNode({ chainId: 84532 });
  try {
    const deployer = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
    const publicClient = createPublicClient({ transport: http(node.url), pollingInterval: 50 }) as PublicClient;
    await placeTestnetContracts({ publicClient, walletClient: createWalletClient({ transport: http(node.url), account: deployer }), account: deployer.address, feeds: TESTNET_FEEDS[84532]!, usdc: TESTNET_USDC[84532]! });
    const r = await runDeployment({
      network: "baseSepolia",
      url: node.url,
      deployerKey: key(deployer),
      deploymentId: "rehearsal-refusal",
      parametersFile: join("deploy", "parameters", "arbitrumSepolia.json"),
      onLine: (l) => log(`  | ${l}`),
    });
    const blockNumber = await publicClient.getBlockNumber();
    const placed = BigInt(TESTNET_FEEDS[84532]!.length * 2 + 1);
    if (blockNumber !== placed) throw new Error(`the refused deployment sent transactions (block ${blockNumber}, expected ${placed})`);
    const refusedFeeds = r.output.split("\n").filter((l) => /FAIL\s+\w+ feed/.test(l)).map((l) => l.trim());
    return { code: r.code, output: r.output, refusedFeeds };
  } finally {
    await node.stop();
  }
}

function encodeFunctionCall(a: Abi, functionName: string, args: unknown[]): Hex {
  // local import keeps viem's heavy generic out of the signature above
  return encodeFunctionDataLoose({ abi: a, functionName, args });
}

import { encodeFunctionData } from "viem";
const encodeFunctionDataLoose = encodeFunctionData as unknown as (p: { abi: Abi; functionName: string; args: unknown[] }) => Hex;

/** Runs `tsx <args>` as a child process; resolves with its exit code and output. */
function runProcess(name: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => void stopChild(child), 60_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output: name ? output : output });
    }),
  );
}
