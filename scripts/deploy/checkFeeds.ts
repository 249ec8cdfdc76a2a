import { parseAbi, type Address, type PublicClient } from "viem";
import type { ParameterFile } from "./parameterSchema.js";

const FEED_ABI = parseAbi([
  "function description() view returns (string)",
  "function decimals() view returns (uint8)",
  "function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)",
]);
const TOKEN_ABI = parseAbi(["function decimals() view returns (uint8)", "function symbol() view returns (string)"]);

export type CheckFeedsParameters = { client: PublicClient; parameters: ParameterFile };

export type FeedCheck = {
  /** "ETH/USD feed", "collateral", "sequencer feed", "chain" */
  what: string;
  address?: Address;
  ok: boolean;
  /** what was found, or why it failed */
  detail: string;
};

export type CheckFeedsReturnType = { ok: boolean; checks: FeedCheck[] };

/**
 * The deployment's preflight: the node's chain id is the parameter file's, and every feed answers the
 * `description()` and `decimals()` the file expects (a feed address that is another pair on this chain
 * is refused by name), with a positive latest answer; the collateral has code and the expected
 * decimals. Nothing is sent. Every check is run and reported, so one run lists every problem.
 */
export async function checkFeeds({ client, parameters }: CheckFeedsParameters): Promise<CheckFeedsReturnType> {
  const d = parameters.Deployment;
  const checks: FeedCheck[] = [];
  const chainId = await client.getChainId();
  checks.push({
    what: "chain",
    ok: chainId === d.chainId,
    detail: chainId === d.chainId ? `chain id ${chainId}` : `node reports chain id ${chainId}, the parameter file is for ${d.chainId}`,
  });

  const feed = async (what: string, address: Address, description: string, decimals: number) => {
    const code = await client.getCode({ address });
    if (!code || code === "0x") {
      checks.push({ what, address, ok: false, detail: `no contract at ${address} on chain ${chainId}` });
      return;
    }
    try {
      const [desc, dec, round] = await Promise.all([
        client.readContract({ address, abi: FEED_ABI, functionName: "description" }),
        client.readContract({ address, abi: FEED_ABI, functionName: "decimals" }),
        client.readContract({ address, abi: FEED_ABI, functionName: "latestRoundData" }),
      ]);
      const problems: string[] = [];
      if (desc !== description) problems.push(`description() is "${desc}", expected "${description}"`);
      if (dec !== decimals) problems.push(`decimals() is ${dec}, expected ${decimals}`);
      if (decimals > 0 && round[1] <= 0n) problems.push(`latest answer ${round[1]} is not positive`);
      checks.push({
        what,
        address,
        ok: problems.length === 0,
        detail: problems.length === 0 ? `"${desc}", ${dec} decimals, latest answer ${round[1]}` : problems.join("; "),
      });
    } catch (e) {
      checks.push({ what, address, ok: false, detail: `not a Chainlink feed (${(e as Error).message.split("\n")[0]})` });
    }
  };

  for (const m of d.markets) await feed(`${m.name} feed "${m.feed.description}"`, m.feed.address, m.feed.description, m.feed.decimals);
  if (d.sequencerFeed) await feed(`sequencer uptime feed "${d.sequencerFeed.description}"`, d.sequencerFeed.address, d.sequencerFeed.description, 0);

  const token = d.collateral.address;
  const code = await client.getCode({ address: token });
  if (!code || code === "0x") checks.push({ what: `collateral ${d.collateral.symbol}`, address: token, ok: false, detail: `no contract at ${token}` });
  else {
    try {
      const dec = await client.readContract({ address: token, abi: TOKEN_ABI, functionName: "decimals" });
      checks.push({
        what: `collateral ${d.collateral.symbol}`,
        address: token,
        ok: dec === d.collateral.decimals,
        detail: dec === d.collateral.decimals ? `${dec} decimals` : `decimals() is ${dec}, expected ${d.collateral.decimals}`,
      });
    } catch (e) {
      checks.push({ what: `collateral ${d.collateral.symbol}`, address: token, ok: false, detail: `not an ERC-20 (${(e as Error).message.split("\n")[0]})` });
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}
