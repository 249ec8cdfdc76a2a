import { createPublicClient, http, parseAbi, webSocket, type Address, type PublicClient } from "viem";
import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";
import { priceFeedAbi } from "../abis/priceFeedAbi.js";
import { ConfigError } from "../errors/KeeperError.js";
import { AUCTION_STATUS_BATCH_VIEW } from "../strategy/readAuctionStatuses.js";
import { HEALTH_BATCH_VIEW } from "../strategy/screenAccounts.js";

export type CheckEnvironmentParameters = {
  rpcUrls: readonly string[];
  /** the configured chain id (every answering endpoint must serve it); absent: they must agree */
  chainId?: number;
  contracts: { vault: Address; marginLens: Address; liquidationEngine: Address; liquidationLens: Address; priceFeeds: readonly Address[] };
  timeoutMs: number;
};

export type CheckEnvironmentReturnType = {
  chainId: number;
  /** endpoints that answered (the others are only warned about) */
  answering: string[];
  silent: { url: string; error: string }[];
  collateralToken: Address;
  collateralDecimals: number;
};

const erc20Abi = parseAbi(["function decimals() view returns (uint8)"]);

/**
 * What the keeper checks before it starts (each failure a ConfigError naming the field, exit 2):
 * at least one RPC endpoint answers; every answering endpoint serves the configured chain id (or,
 * without one, they all serve the same chain); code at every contract address; and each contract
 * answers one view the keeper depends on (the vault its collateral token, the margin engine an empty
 * healthBatch, the liquidation engine pendingLoss and an empty auctionStatusBatch, each feed
 * latestRoundData): an EOA or another contract at a configured address stops the keeper here.
 */
export async function checkEnvironment(p: CheckEnvironmentParameters): Promise<CheckEnvironmentReturnType> {
  const clients = p.rpcUrls.map((url) =>
    createPublicClient({ transport: url.startsWith("ws") ? webSocket(url, { timeout: p.timeoutMs, retryCount: 0 }) : http(url, { timeout: p.timeoutMs, retryCount: 0 }) }),
  );
  const ids = await Promise.all(
    clients.map((c) =>
      c.getChainId().then(
        (id) => ({ id }),
        (e: unknown) => ({ error: shortError(e) }),
      ),
    ),
  );
  const answering: { i: number; id: number }[] = [];
  const silent: { url: string; error: string }[] = [];
  ids.forEach((r, i) => ("id" in r ? answering.push({ i, id: r.id }) : silent.push({ url: p.rpcUrls[i], error: r.error })));
  if (answering.length === 0)
    throw new ConfigError("rpcUrls", `no endpoint answered eth_chainId: ${silent.map((s) => `${s.url} (${s.error})`).join("; ")}`);
  const expected = p.chainId ?? answering[0].id;
  for (const a of answering)
    if (a.id !== expected)
      throw new ConfigError(
        p.chainId !== undefined ? "chainId" : `rpcUrls.${a.i}`,
        p.chainId !== undefined
          ? `configured ${p.chainId} but ${p.rpcUrls[a.i]} serves chain ${a.id}`
          : `${p.rpcUrls[a.i]} serves chain ${a.id}, ${p.rpcUrls[answering[0].i]} serves chain ${answering[0].id}`,
      );
  const client = clients[answering[0].i] as PublicClient;
  const url = p.rpcUrls[answering[0].i];

  const code = async (field: string, address: Address) => {
    const bytecode = await client.getCode({ address }).catch((e: unknown) => {
      throw new ConfigError(field, `cannot read code at ${address} from ${url}: ${shortError(e)}`);
    });
    if (!bytecode || bytecode === "0x")
      throw new ConfigError(field, `no contract code at ${address} on chain ${expected} (an EOA, or a deployment of another chain or node)`);
  };
  const view = async <T>(field: string, address: Address, what: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (e) {
      throw new ConfigError(field, `the contract at ${address} does not answer ${what}: ${shortError(e)}`);
    }
  };
  const c = p.contracts;
  await Promise.all([code("contracts.vault", c.vault), code("contracts.marginLens", c.marginLens), code("contracts.liquidationEngine", c.liquidationEngine), code("contracts.liquidationLens", c.liquidationLens), ...c.priceFeeds.map((f, i) => code(`contracts.priceFeeds.${i}`, f))]);
  const [collateralToken] = await Promise.all([
    view("contracts.vault", c.vault, "OptionVault.collateralToken()", () => client.readContract({ address: c.vault, abi: optionVaultAbi, functionName: "collateralToken" }) as Promise<Address>),
    view("contracts.marginLens", c.marginLens, `${HEALTH_BATCH_VIEW.functionName}([])`, () => client.readContract({ address: c.marginLens, ...HEALTH_BATCH_VIEW, args: [[]] } as never)),
    view("contracts.vault", c.vault, "OptionVault.pendingLoss()", () => client.readContract({ address: c.vault, abi: optionVaultAbi, functionName: "pendingLoss" })),
    view("contracts.liquidationEngine", c.liquidationEngine, "LiquidationEngine.stopped()", () => client.readContract({ address: c.liquidationEngine, abi: liquidationEngineAbi, functionName: "stopped" })),
    view("contracts.liquidationLens", c.liquidationLens, `${AUCTION_STATUS_BATCH_VIEW.functionName}([])`, () => client.readContract({ address: c.liquidationLens, ...AUCTION_STATUS_BATCH_VIEW, args: [[]] } as never)),
    ...c.priceFeeds.map((f, i) => view(`contracts.priceFeeds.${i}`, f, "latestRoundData()", () => client.readContract({ address: f, abi: priceFeedAbi, functionName: "latestRoundData" }))),
  ]);
  const collateralDecimals = await view("contracts.vault", collateralToken, "decimals() (the vault's collateral token)", () => client.readContract({ address: collateralToken, abi: erc20Abi, functionName: "decimals" }));
  return { chainId: expected, answering: answering.map((a) => p.rpcUrls[a.i]), silent, collateralToken, collateralDecimals: Number(collateralDecimals) };
}

function shortError(e: unknown): string {
  const x = e as { shortMessage?: string; details?: string; message?: string };
  return [x.shortMessage ?? x.message ?? String(e), x.details].filter(Boolean).join(": ").replace(/\s+/g, " ").slice(0, 200);
}
