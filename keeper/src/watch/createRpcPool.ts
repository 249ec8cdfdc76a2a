import { createPublicClient, defineChain, http, HttpRequestError, TimeoutError, webSocket, WebSocketRequestError, type Chain, type PublicClient, type Transport } from "viem";
import { RpcUnavailableError } from "../errors/KeeperError.js";

export type CreateRpcPoolParameters = {
  urls: readonly string[];
  timeoutMs: number;
  /** an endpoint more than this many blocks behind the best head is stale */
  maxLagBlocks: number;
  /** chain id; read from the first endpoint that answers when absent */
  chainId?: number;
  /** called after every request with whether the endpoint answered (a JSON-RPC error is an answer; a refused connection or a timeout is not) */
  onCall?: (url: string, answered: boolean) => void;
};

export type RpcEndpoint = {
  url: string;
  public: PublicClient<Transport, Chain>;
  /** whether the last request got an answer (updated on every call) */
  answering: boolean;
  /** latest head seen (-1 before the first answer) */
  head: bigint;
  /** failed endpoints are skipped until this time [ms] */
  failedUntil: number;
  failures: number;
  stale: boolean;
};

export type CreateRpcPoolReturnType = {
  chain: Chain;
  endpoints: RpcEndpoint[];
  /** poll every endpoint's head; returns the best head; throws RpcUnavailableError when none answers */
  refresh: () => Promise<bigint>;
  /** the preferred usable endpoint (first in config order that is neither failed nor stale) */
  current: () => RpcEndpoint;
  /** mark an endpoint failed (exponential backoff up to 30 s) */
  reportFailure: (endpoint: RpcEndpoint, error: unknown) => void;
};

function transportOf(url: string, timeoutMs: number): Transport {
  return url.startsWith("ws") ? webSocket(url, { timeout: timeoutMs, retryCount: 0 }) : http(url, { timeout: timeoutMs, retryCount: 0 });
}

/** A transport failure (no answer), as opposed to a JSON-RPC error the node answered with (e.g. a revert). */
export function isTransportFailure(error: unknown): boolean {
  return error instanceof HttpRequestError || error instanceof TimeoutError || error instanceof WebSocketRequestError;
}

/** The transport with a hook on every request's outcome (keeper_rpc_healthy per call). */
function observed(base: Transport, onOutcome: (answered: boolean) => void): Transport {
  return ((opts: Parameters<Transport>[0]) => {
    const t = base(opts);
    return {
      ...t,
      request: (async (args: unknown, options?: unknown) => {
        try {
          const r = await (t.request as (a: unknown, o?: unknown) => Promise<unknown>)(args, options);
          onOutcome(true);
          return r;
        } catch (error) {
          onOutcome(!isTransportFailure(error));
          throw error;
        }
      }) as typeof t.request,
    };
  }) as Transport;
}

/**
 * Several RPC endpoints with failover: each `refresh` reads every endpoint's block number in parallel;
 * an endpoint that errors is benched with exponential backoff, one that trails the best head by more
 * than `maxLagBlocks` is stale; `current()` is the first usable endpoint in configuration order.
 * Every request's outcome is reported through `onCall` (the per-call health gauge). Transactions are
 * signed locally and sent raw (tx/signAndBroadcast.ts): the pool holds no wallet.
 */
export async function createRpcPool({ urls, timeoutMs, maxLagBlocks, chainId, onCall }: CreateRpcPoolParameters): Promise<CreateRpcPoolReturnType> {
  let id = chainId;
  if (id === undefined) {
    for (const url of urls) {
      try {
        id = await createPublicClient({ transport: transportOf(url, timeoutMs) }).getChainId();
        break;
      } catch {
        /* try the next one */
      }
    }
    if (id === undefined) throw new RpcUnavailableError("no RPC endpoint answered eth_chainId", { details: { urls } });
  }
  const chain = defineChain({
    id,
    name: `chain-${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: urls.filter((u) => u.startsWith("http")) } },
  });
  const endpoints: RpcEndpoint[] = urls.map((url) => {
    const e = { url, answering: true, head: -1n, failedUntil: 0, failures: 0, stale: false } as RpcEndpoint;
    const transport = observed(transportOf(url, timeoutMs), (answered) => {
      e.answering = answered;
      onCall?.(url, answered && !e.stale);
    });
    e.public = createPublicClient({ chain, transport, pollingInterval: 250 }) as PublicClient<Transport, Chain>;
    return e;
  });

  const reportFailure = (e: RpcEndpoint, _error: unknown): void => {
    e.failures += 1;
    e.failedUntil = Date.now() + Math.min(30_000, 250 * 2 ** Math.min(e.failures, 7));
  };

  const refresh = async (): Promise<bigint> => {
    await Promise.all(
      endpoints.map(async (e) => {
        if (e.failedUntil > Date.now()) return;
        try {
          e.head = await e.public.getBlockNumber({ cacheTime: 0 });
          e.failures = 0;
          e.failedUntil = 0;
        } catch (error) {
          reportFailure(e, error);
        }
      }),
    );
    const live = endpoints.filter((e) => e.failedUntil <= Date.now() && e.head >= 0n);
    if (live.length === 0) throw new RpcUnavailableError("every RPC endpoint is failing", { details: { urls } });
    const best = live.reduce((m, e) => (e.head > m ? e.head : m), -1n);
    for (const e of endpoints) e.stale = e.head < best - BigInt(maxLagBlocks);
    return best;
  };

  const current = (): RpcEndpoint => {
    const now = Date.now();
    const usable = endpoints.find((e) => e.failedUntil <= now && !e.stale && e.head >= 0n);
    if (!usable) throw new RpcUnavailableError("no usable RPC endpoint", { details: { urls } });
    return usable;
  };

  return { chain, endpoints, refresh, current, reportFailure };
}
