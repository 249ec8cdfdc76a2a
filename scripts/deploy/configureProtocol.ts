import { zeroAddress, zeroHash, type Abi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { ROLES } from "../../deploy/roles.js";
import { encodeWorkflowName } from "./encodeWorkflowName.js";
import { nextExpiries } from "./nextExpiries.js";
import { marketUnderlying, type ParameterFile } from "./parameterSchema.js";
import { parseDecimal, parseWad } from "./parseDecimal.js";
import { readArtifact } from "./readArtifactAbi.js";

/** The protocol's addresses, from Ignition's deployed_addresses.json ("Protocol#<id>"). */
export type ProtocolAddresses = {
  manager: Address;
  oracleHub: Address;
  vault: Address;
  marginEngine: Address;
  liquidationEngine: Address;
  liquidationLens: Address;
  receiver: Address;
  curve: Address;
  stairstepCurve: Address;
};

export type ConfigureProtocolParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  account: Address;
  addresses: ProtocolAddresses;
  parameters: ParameterFile;
  log: (line: string) => void;
};

export type ConfigureProtocolReturnType = { sent: number; unchanged: number; seriesIds: bigint[] };

const WAD = 10n ** 18n;
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/**
 * After the Ignition deployment: configures every market (feed, vol bounds, rate, margin parameters,
 * size tiers), the liquidation engine's default parameters, lists the series of the parameter file,
 * grants its extra roles and sets the CRE workflow identity. Idempotent: each setting is read first and
 * only sent when it differs, so a re-run after a partial failure finishes the job.
 */
export async function configureProtocol({
  publicClient,
  walletClient,
  account,
  addresses: a,
  parameters,
  log,
}: ConfigureProtocolParameters): Promise<ConfigureProtocolReturnType> {
  const d = parameters.Deployment;
  const abi = {
    hub: readArtifact("OracleHub").abi,
    vault: readArtifact("OptionVault").abi,
    margin: readArtifact("MarginEngine").abi,
    liq: readArtifact("LiquidationEngine").abi,
    manager: readArtifact("AccessManager").abi,
    receiver: readArtifact("LiquidationReceiver").abi,
  };
  let sent = 0;
  let unchanged = 0;
  const read = (address: Address, contractAbi: Abi, functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address, abi: contractAbi, functionName, args }) as Promise<unknown>;
  const write = async (what: string, address: Address, contractAbi: Abi, functionName: string, args: unknown[]) => {
    const { request } = await publicClient.simulateContract({ address, abi: contractAbi, functionName, args, account });
    const hash = await walletClient.writeContract({ ...request, account, chain: null } as Parameters<WalletClient["writeContract"]>[0]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${what}: transaction ${hash} reverted`);
    sent++;
    log(`  set   ${what}`);
  };
  const ensure = async (what: string, current: unknown, desired: unknown, send: () => Promise<void>) => {
    if (json(current) === json(desired)) {
      unchanged++;
      log(`  ok    ${what}`);
    } else await send();
  };

  // ---------------------------------------------------------------- markets
  for (const m of d.markets) {
    const u = marketUnderlying(m);
    log(`market ${m.name} (underlying id ${u})`);
    const [feed, heartbeat] = (await read(a.oracleHub, abi.hub, "feedConfig", [u])) as [Address, bigint, number];
    await ensure(`${m.name} feed`, [feed.toLowerCase(), heartbeat], [m.feed.address.toLowerCase(), BigInt(m.feed.heartbeat)], () =>
      write(`${m.name} feed ${m.feed.address} heartbeat ${m.feed.heartbeat}s`, a.oracleHub, abi.hub, "setFeed", [u, m.feed.address, BigInt(m.feed.heartbeat)]),
    );
    const vol = [parseWad(m.vol.min), parseWad(m.vol.max), parseWad(m.vol.maxChange), BigInt(m.vol.maxAge)];
    await ensure(`${m.name} vol bounds`, await read(a.oracleHub, abi.hub, "volConfig", [u]), vol, () =>
      write(`${m.name} vol bounds [${m.vol.min}, ${m.vol.max}] step ${m.vol.maxChange} max age ${m.vol.maxAge}s`, a.oracleHub, abi.hub, "setVolConfig", [u, ...vol]),
    );
    await ensure(`${m.name} rate`, await read(a.oracleHub, abi.hub, "rate", [u]), parseWad(m.rate), () =>
      write(`${m.name} rate ${m.rate}`, a.oracleHub, abi.hub, "setRate", [u, parseWad(m.rate)]),
    );
    const rp = (await read(a.marginEngine, abi.margin, "riskParams", [u])) as Record<string, bigint>;
    const risk = [parseWad(m.margin.spotShock), parseWad(m.margin.volShock), parseWad(m.margin.floorShare), parseWad(m.margin.imFactor)];
    await ensure(`${m.name} margin parameters`, [rp.spotShockWad, rp.volShockWad, rp.floorShareWad, rp.imFactorWad], risk, () =>
      write(`${m.name} margin parameters`, a.marginEngine, abi.margin, "setRiskParams", [u, ...risk]),
    );
    const tiers = m.sizeTiers.map((t) => ({ notionalWad: parseWad(t.notional), factorWad: parseWad(t.factor) }));
    const currentTiers = (await read(a.marginEngine, abi.margin, "tiers", [u])) as { notionalWad: bigint; factorWad: bigint }[];
    await ensure(`${m.name} size tiers`, currentTiers.map((t) => [t.notionalWad, t.factorWad]), tiers.map((t) => [t.notionalWad, t.factorWad]), () =>
      write(`${m.name} size tiers (${tiers.length})`, a.marginEngine, abi.margin, "setTiers", [u, tiers]),
    );
  }

  // ---------------------------------------------------------------- liquidation defaults
  log("liquidation defaults");
  const l = d.liquidation;
  const cd = d.collateral.decimals;
  const [, p] = (await read(a.liquidationEngine, abi.liq, "underlyingParams", [zeroAddress])) as [bigint, Record<string, unknown>];
  const tiers = l.tiers.map((t) => ({ ratioWad: parseWad(t.ratio), shareWad: parseWad(t.share) }));
  const curve = l.curve.kind === "linear" ? a.curve : a.stairstepCurve;
  // the default set is written in one call: setUnderlyingParams(address(0), params)
  const wanted = {
    tiers,
    targetRatioWad: parseWad(l.target),
    curve,
    startDiscountWad: parseWad(l.curve.start),
    maxDiscountWad: parseWad(l.curve.max),
    duration: BigInt(l.curve.duration),
    tail: BigInt(l.reset.tail),
    cuspWad: parseWad(l.reset.cusp),
    fundShareWad: parseWad(l.fundShare),
    tipFlat: parseDecimal(l.tip.flat, cd),
    tipShareWad: parseWad(l.tip.share),
    tipCap: parseDecimal(l.tip.cap, cd),
    minSizeWad: parseWad(l.minSize),
  };
  const current = [
    (p.tiers as { ratioWad: bigint; shareWad: bigint }[]).map((t) => [t.ratioWad, t.shareWad]),
    p.targetRatioWad, String(p.curve).toLowerCase(), p.startDiscountWad, p.maxDiscountWad, p.duration, p.tail, p.cuspWad,
    p.fundShareWad, p.tipFlat, p.tipShareWad, p.tipCap, p.minSizeWad,
  ];
  const target = [
    tiers.map((t) => [t.ratioWad, t.shareWad]),
    wanted.targetRatioWad, curve.toLowerCase(), wanted.startDiscountWad, wanted.maxDiscountWad, wanted.duration, wanted.tail,
    wanted.cuspWad, wanted.fundShareWad, wanted.tipFlat, wanted.tipShareWad, wanted.tipCap, wanted.minSizeWad,
  ];
  await ensure("liquidation defaults", current, target, () =>
    write(`liquidation defaults (target ${l.target}, curve ${l.curve.kind} ${l.curve.start} → ${l.curve.max} over ${l.curve.duration}s)`, a.liquidationEngine, abi.liq, "setUnderlyingParams", [zeroAddress, wanted]),
  );
  const [hole] = (await read(a.liquidationEngine, abi.liq, "hole")) as [bigint, bigint];
  await ensure("hole", hole, parseWad(l.hole), () => write("hole", a.liquidationEngine, abi.liq, "setHole", [parseWad(l.hole)]));

  // ---------------------------------------------------------------- series
  const seriesIds: bigint[] = [];
  if (d.expiries.count > 0) {
    const block = await publicClient.getBlock();
    const expiries = nextExpiries({ now: block.timestamp, ...d.expiries });
    log(`series: expiries ${expiries.map((e) => new Date(Number(e) * 1000).toISOString()).join(", ")}`);
    for (const m of d.markets) {
      const u = marketUnderlying(m);
      const spot = (await read(a.oracleHub, abi.hub, "spot", [u])) as bigint;
      const step = parseWad(m.series.strikeStep);
      const strikes = [...new Set(m.series.moneyness.map((x) => ((spot * parseWad(x)) / WAD + step / 2n) / step * step))].filter((k) => k > 0n);
      for (const expiry of expiries)
        for (const strike of strikes)
          for (const isCall of [true, false]) {
            const name = `${m.name} ${new Date(Number(expiry) * 1000).toISOString().slice(0, 10)} ${strike / WAD} ${isCall ? "call" : "put"}`;
            const id = (await read(a.vault, abi.vault, "seriesIdOf", [u, strike, expiry, isCall])) as bigint;
            if (id !== 0n) {
              unchanged++;
              seriesIds.push(id);
              log(`  ok    series ${name} (#${id})`);
              continue;
            }
            await write(`series ${name}`, a.vault, abi.vault, "listSeries", [u, strike, expiry, isCall]);
            seriesIds.push((await read(a.vault, abi.vault, "seriesIdOf", [u, strike, expiry, isCall])) as bigint);
          }
    }
  }

  // ---------------------------------------------------------------- roles
  log("roles");
  for (const [name, holders] of Object.entries(d.roles)) {
    const role = ROLES[name as keyof typeof ROLES];
    for (const holder of holders) {
      const [isMember] = (await read(a.manager, abi.manager, "hasRole", [role, holder])) as [boolean, number];
      await ensure(`${name} → ${holder}`, isMember, true, () => write(`${name} → ${holder}`, a.manager, abi.manager, "grantRole", [role, holder, 0]));
    }
  }

  // ---------------------------------------------------------------- CRE workflow identity
  if (d.cre.workflowOwner) {
    const desired = [
      d.cre.workflowOwner.toLowerCase(),
      (d.cre.workflowName ? encodeWorkflowName(d.cre.workflowName) : "0x00000000000000000000").toLowerCase(),
      (d.cre.workflowId ?? zeroHash).toLowerCase(),
    ] as [Address, Hex, Hex];
    const current = ((await read(a.receiver, abi.receiver, "workflow")) as string[]).map((x) => x.toLowerCase());
    await ensure("CRE workflow identity", current, desired, () => write(`CRE workflow owner ${d.cre.workflowOwner} name ${d.cre.workflowName ?? "(any)"}`, a.receiver, abi.receiver, "setWorkflow", desired));
  } else log("  note  no CRE workflow owner in the parameter file: the receiver rejects every report until setWorkflow");

  return { sent, unchanged, seriesIds };
}

/** Reads Ignition's deployed_addresses.json of module "Protocol". */
export function protocolAddresses(map: Record<string, string>): ProtocolAddresses {
  const get = (id: string) => {
    const v = map[`Protocol#${id}`];
    if (!v) throw new Error(`deployed_addresses.json has no Protocol#${id}`);
    return v as Address;
  };
  return {
    manager: get("AccessManager"),
    oracleHub: get("OracleHub"),
    vault: get("OptionVault"),
    marginEngine: get("MarginEngine"),
    liquidationEngine: get("LiquidationEngine"),
    liquidationLens: get("LiquidationLens"),
    receiver: get("LiquidationReceiver"),
    curve: get("LinearDiscount"),
    stairstepCurve: get("StairstepExpDiscount"),
  };
}
