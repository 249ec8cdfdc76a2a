import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { optionVaultAbi, type ProtocolDeployment } from "../../../sdk/src/index.js";

export type ReadCollateralBeforeParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  accounts: readonly Address[];
  /** the block of the event: collateral is read at the state before it (blockNumber − 1) */
  blockNumber: bigint;
  /** reads in flight at once */
  concurrency?: number;
};

/** [collateral token decimals] each account's vault collateral (OptionVault.collateralOf) at the end of the block before `blockNumber`. */
export async function readCollateralBefore(client: Client, { deployment, accounts, blockNumber, concurrency = 8 }: ReadCollateralBeforeParameters): Promise<bigint[]> {
  const out: bigint[] = new Array(accounts.length);
  const at = blockNumber > 0n ? blockNumber - 1n : 0n;
  for (let i = 0; i < accounts.length; i += concurrency) {
    const part = accounts.slice(i, i + concurrency);
    const got = await Promise.all(
      part.map((a) => readContract(client, { address: deployment.optionVault, abi: optionVaultAbi, functionName: "collateralOf", args: [a], blockNumber: at })),
    );
    got.forEach((v, j) => (out[i + j] = v));
  }
  return out;
}
