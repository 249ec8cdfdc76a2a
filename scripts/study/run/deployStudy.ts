import type { NetworkConnection } from "hardhat/types/network";
import type { Address } from "viem";
import LocalProtocolModule from "../../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../../deploy/local/deployLocalProtocol.js";
import { signOrder, type Order } from "../../../deploy/local/signOrder.js";
import { blackScholesReference, toWad } from "../../reference/blackScholesReference.js";
import { STUDY_EXPIRIES, type StudyAccount } from "../population/generatePopulation.js";
import { policyParams, type PolicyName, type UnderlyingParams } from "../policies/studyPolicies.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;

export type DeployStudyParameters = {
  connection: NetworkConnection;
  policy: PolicyName;
  population: StudyAccount[];
  /** [USD] opening spot */
  spot0: number;
  /** [1 = 100%] opening implied vol (every expiry) */
  vol0: number;
  /** Ignition deployment id (a node outside this process keeps its journal on disk); absent: in memory */
  deploymentId?: string;
  /** [USDC] the insurance fund's seed */
  insuranceSeed?: bigint;
};

export type StudyAccountOnChain = StudyAccount & {
  address: Address;
  /** series id → sign of the account's position (+1 long, −1 short) */
  signs: Map<bigint, number>;
};

export type SeriesInfo = { id: bigint; strike: number; expiry: bigint; isCall: boolean };

export type DeployStudyReturnType = {
  p: DeployLocalProtocolReturnType;
  accounts: StudyAccountOnChain[];
  series: Map<bigint, SeriesInfo>;
  expiries: bigint[];
  keeper: Address;
  deployer: Address;
  params: UnderlyingParams;
  addresses: { vault: Address; engine: Address; marginLens: Address; liquidationLens: Address; feed: Address; weth: Address };
  chainId: number;
  /** [unix s] block time when the books were opened */
  openedAt: bigint;
};

/**
 * One deployment of the protocol (Ignition, the local module) configured with `policy`, and the study's
 * population opened on it: series listed, the market maker quoting fair Black-Scholes premiums for every
 * leg, each trader depositing, trading and withdrawing down to its opening ratio.
 */
export async function deployStudy(d: DeployStudyParameters): Promise<DeployStudyReturnType> {
  const { connection } = d;
  const { ethers } = connection;
  const provider = connection.provider;
  const [deployer, maker, keeperSigner] = await ethers.getSigners();
  const p = (await connection.ignition.deploy(LocalProtocolModule, {
    parameters: { LocalProtocol: { ethPrice8: BigInt(Math.round(d.spot0 * 1e8)) } },
    ...(d.deploymentId ? { deploymentId: d.deploymentId } : {}),
  })) as unknown as DeployLocalProtocolReturnType;
  const fixedDiscount = await ethers.deployContract("FixedDiscount");
  await fixedDiscount.waitForDeployment();
  const vaultAddr = (await p.vault.getAddress()) as Address;
  const engineAddr = (await p.liquidationEngine.getAddress()) as Address;
  const weth = (await p.weth.getAddress()) as Address;
  const chainId = (await ethers.provider.getNetwork()).chainId;

  // the policy: one parameter set of the same engine; the notional cap out of the way (the study
  // measures the policy, not the cap)
  const [, shippedRaw] = await p.liquidationEngine.underlyingParams(ethers.ZeroAddress);
  const shipped = toParams(shippedRaw);
  const params = policyParams(d.policy, shipped, await fixedDiscount.getAddress());
  await (await p.liquidationEngine.connect(deployer).setUnderlyingParams(ethers.ZeroAddress, params)).wait();
  await (await p.liquidationEngine.connect(deployer).setHole(10n ** 30n)).wait();

  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiries = STUDY_EXPIRIES.map((x) => now + BigInt(x) * DAY);
  const volWad = BigInt(Math.round(d.vol0 * 1e6)) * 10n ** 12n;
  await (await p.oracleHub.connect(deployer).setVols(weth, expiries, expiries.map(() => volWad))).wait();
  const series = new Map<bigint, SeriesInfo>();
  const idOf = new Map<string, bigint>();
  for (const a of d.population)
    for (const l of a.legs) {
      const key = `${l.strike}:${l.expiryDays}:${l.isCall}`;
      if (idOf.has(key)) continue;
      const expiry = expiries[STUDY_EXPIRIES.indexOf(l.expiryDays)];
      await (await p.vault.connect(deployer).listSeries(weth, BigInt(l.strike) * WAD, expiry, l.isCall)).wait();
      const id = (await p.vault.seriesIdOf(weth, BigInt(l.strike) * WAD, expiry, l.isCall)) as bigint;
      idOf.set(key, id);
      series.set(id, { id, strike: l.strike, expiry, isCall: l.isCall });
    }

  const fund = async (who: string, amount: bigint, signer: typeof deployer) => {
    await (await p.usdc.mint(who, amount)).wait();
    await (await p.usdc.connect(signer).approve(vaultAddr, amount)).wait();
    await (await p.vault.connect(signer).deposit(amount)).wait();
  };
  // the maker takes the other side of every book; the keeper bids from its own vault account
  await fund(maker.address, 10n ** 10n * USDC, maker);
  await fund(keeperSigner.address, 10n ** 10n * USDC, keeperSigner);
  const seed = d.insuranceSeed ?? 100_000n * USDC;
  await (await p.usdc.mint(deployer.address, seed)).wait();
  await (await p.usdc.connect(deployer).approve(vaultAddr, seed)).wait();
  await (await p.vault.connect(deployer).depositFor(engineAddr, seed)).wait();

  const accounts: StudyAccountOnChain[] = [];
  let salt = 1n;
  for (const a of d.population) {
    const address = ethers.getAddress(ethers.dataSlice(ethers.id(`study trader ${a.name}`), 12)) as Address;
    await provider.request({ method: "hardhat_impersonateAccount", params: [address] });
    await provider.request({ method: "hardhat_setBalance", params: [address, "0x56BC75E2D63100000"] });
    const signer = await ethers.getSigner(address);
    // a deposit that covers any book of the population at initial margin; the spare goes back below
    const notional = a.legs.reduce((s, l) => s + Math.abs(l.size) * d.spot0, 0);
    await fund(address, BigInt(Math.ceil(notional * 0.6 + 100_000)) * USDC, signer);
    const signs = new Map<bigint, number>();
    for (const l of a.legs) {
      const id = idOf.get(`${l.strike}:${l.expiryDays}:${l.isCall}`)!;
      signs.set(id, Math.sign(l.size));
      const s = series.get(id)!;
      const bs = blackScholesReference({ spotWad: BigInt(Math.round(d.spot0)) * WAD, strikeWad: BigInt(l.strike) * WAD, volWad, timeSec: s.expiry - now, rateWad: 5n * 10n ** 16n });
      const price = toWad(l.isCall ? bs.callPrice : bs.putPrice) / 10n ** 12n; // [USDC decimals per contract]
      const size = BigInt(Math.abs(l.size)) * WAD;
      const order: Order = { maker: maker.address, seriesId: id, isBuy: l.size < 0, sizeWad: size, price, deadline: now + DAY, nonce: await p.vault.nonceOf(maker.address), salt: salt++ };
      const signature = await signOrder({ signer: maker, vault: vaultAddr, chainId, order });
      await (await p.vault.connect(signer).fill(order, signature, size)).wait();
    }
    const h = await p.marginLens.health(address);
    const cash = (await p.vault.collateralOf(address)) as bigint;
    // withdraw = equity − ratio × maintenance [USDC decimals, rounded down], at most the cash (a long's
    // value counts in equity but cannot be withdrawn); long-only books keep a tenth of their cash
    const keep = a.openRatio !== undefined ? (h.maintenanceWad * BigInt(Math.round(a.openRatio * 1e6))) / 10n ** 6n : 0n;
    let spare = a.openRatio !== undefined ? (h.equityWad - keep) / 10n ** 12n : (cash * 9n) / 10n;
    if (spare > cash) spare = cash;
    if (spare > 0n) await (await p.vault.connect(signer).withdraw(spare, address)).wait();
    accounts.push({ ...a, address, signs });
  }
  const openedAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  return {
    p,
    accounts,
    series,
    expiries,
    keeper: keeperSigner.address as Address,
    deployer: deployer.address as Address,
    params,
    addresses: {
      vault: vaultAddr,
      engine: engineAddr,
      marginLens: (await p.marginLens.getAddress()) as Address,
      liquidationLens: (await p.liquidationLens.getAddress()) as Address,
      feed: (await p.ethUsdFeed.getAddress()) as Address,
      weth,
    },
    chainId: Number(chainId),
    openedAt,
  };
}

/** The engine's parameter struct as ethers returns it (a Result with these fields), as plain values. */
function toParams(r: UnderlyingParams): UnderlyingParams {
  return {
    tiers: r.tiers.map((t) => ({ ratioWad: t.ratioWad, shareWad: t.shareWad })),
    targetRatioWad: r.targetRatioWad,
    curve: r.curve,
    startDiscountWad: r.startDiscountWad,
    maxDiscountWad: r.maxDiscountWad,
    duration: r.duration,
    tail: r.tail,
    cuspWad: r.cuspWad,
    fundShareWad: r.fundShareWad,
    tipFlat: r.tipFlat,
    tipShareWad: r.tipShareWad,
    tipCap: r.tipCap,
    minSizeWad: r.minSizeWad,
  };
}
