import { erc20Abi, type Client } from "viem";
import { getChainId, getCode, readContract } from "viem/actions";
import { formatWad } from "../../../keeper/src/strategy/wadMath.js";
import { liquidationEngineAbi, optionVaultAbi, type ProtocolDeployment } from "../../../sdk/src/index.js";
import { ConfigError } from "../errors/NotifyError.js";

export type CheckEnvironmentParameters = { chainId: number; deployment: ProtocolDeployment; warningRatioWad: bigint };

export type CheckEnvironmentReturnType = {
  /** the collateral token's decimals and symbol (message amounts) */
  collateral: { decimals: number; symbol: string };
  /** [wad] first (highest) liquidation threshold of the default parameter set */
  firstTierWad: bigint;
};

/**
 * What the notifier checks before it starts (each failure a ConfigError naming the field, exit 2): the
 * node serves `chainId`; code at every protocol address; the collateral token answers decimals; and the
 * warning ratio lies above the first liquidation tier (a soft margin call below it would come after the
 * auction could start).
 */
export async function checkEnvironment(client: Client, { chainId, deployment, warningRatioWad }: CheckEnvironmentParameters): Promise<CheckEnvironmentReturnType> {
  const served = await getChainId(client).catch((e: unknown) => {
    throw new ConfigError("rpcUrl", `no answer to eth_chainId: ${String((e as Error).message ?? e).split("\n")[0]}`);
  });
  if (served !== chainId) throw new ConfigError("chainId", `configured ${chainId} but the node serves chain ${served}`);
  for (const [name, address] of Object.entries(deployment)) {
    const code = await getCode(client, { address });
    if (!code || code === "0x") throw new ConfigError(`contracts.${name}`, `no contract code at ${address} on chain ${chainId}`);
  }
  const view = async <T>(field: string, what: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (e) {
      throw new ConfigError(field, `does not answer ${what}: ${String((e as { shortMessage?: string }).shortMessage ?? (e as Error).message).split("\n")[0]}`);
    }
  };
  const token = await view("contracts.optionVault", "collateralToken()", () => readContract(client, { address: deployment.optionVault, abi: optionVaultAbi, functionName: "collateralToken" }));
  const decimals = await view("contracts.optionVault", "collateralToken().decimals()", () => readContract(client, { address: token, abi: erc20Abi, functionName: "decimals" }));
  const symbol = await readContract(client, { address: token, abi: erc20Abi, functionName: "symbol" }).catch(() => "tokens");
  const params = await view("contracts.liquidationEngine", "paramSet(0)", () =>
    readContract(client, { address: deployment.liquidationEngine, abi: liquidationEngineAbi, functionName: "paramSet", args: [0n] }),
  );
  const firstTierWad = BigInt(params.tiers[0]?.ratioWad ?? 0n);
  if (warningRatioWad <= firstTierWad)
    throw new ConfigError("warning.ratio", `${formatWad(warningRatioWad, 4)} must be above the first liquidation tier ${formatWad(firstTierWad, 4)}`);
  return { collateral: { decimals, symbol }, firstTierWad };
}
