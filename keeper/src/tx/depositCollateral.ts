import { encodeFunctionData, parseAbi, parseUnits, type Address, type Chain, type Hex, type LocalAccount, type PublicClient, type Transport } from "viem";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";
import { KeeperError } from "../errors/KeeperError.js";
import { computeFees } from "./computeFees.js";
import { signAndBroadcast } from "./signAndBroadcast.js";

const erc20Abi = parseAbi([
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function balanceOf(address owner) view returns (uint256)",
]);

export type DepositCollateralParameters = {
  client: PublicClient<Transport, Chain>;
  account: LocalAccount;
  vault: Address;
  collateralToken: Address;
  collateralDecimals: number;
  /** whole tokens as a decimal string ("1000", "2500.5") */
  amount: string;
  maxFeeWei: bigint;
  priorityFeeWei: bigint;
  log: { info: (o: object, m: string) => void };
};

export type DepositCollateralReturnType = { approveHash?: Hex; depositHash: Hex; collateralAfter: bigint };

/**
 * `npm run keeper -- fund --amount <tokens>`: moves collateral from the keeper's wallet into its vault
 * account (the account that takes the slices it bids for): ERC-20 approve (when the allowance is short)
 * then OptionVault.deposit, both signed locally and sent raw, each waited for.
 */
export async function depositCollateral(p: DepositCollateralParameters): Promise<DepositCollateralReturnType> {
  let units: bigint;
  try {
    units = parseUnits(p.amount, p.collateralDecimals);
  } catch (cause) {
    throw new KeeperError(`--amount must be a decimal number of tokens, got "${p.amount}"`, { cause });
  }
  if (units <= 0n) throw new KeeperError("--amount must be positive");
  const from = p.account.address;
  const balance = await p.client.readContract({ address: p.collateralToken, abi: erc20Abi, functionName: "balanceOf", args: [from] });
  if (balance < units) throw new KeeperError(`the keeper's wallet ${from} holds ${balance} token units, less than ${units}: send it collateral tokens first`);
  const chainId = await p.client.getChainId();
  let nonce = await p.client.getTransactionCount({ address: from, blockTag: "pending" });
  const send = async (to: Address, data: Hex, what: string): Promise<Hex> => {
    const block = await p.client.getBlock();
    const fees = computeFees({ baseFeePerGas: block.baseFeePerGas ?? 0n, priorityFeePerGas: p.priorityFeeWei, maxFeeCap: p.maxFeeWei });
    const gas = await p.client.estimateGas({ account: from, to, data });
    const { hash } = await signAndBroadcast({ account: p.account, client: p.client, chainId, to, data, gas: (gas * 12n) / 10n + 10_000n, nonce: nonce++, fees });
    const receipt = await p.client.waitForTransactionReceipt({ hash, pollingInterval: 250, timeout: 120_000 });
    if (receipt.status !== "success") throw new KeeperError(`${what} reverted (${hash})`);
    p.log.info({ what, hash, block: receipt.blockNumber.toString() }, "mined");
    return hash;
  };
  let approveHash: Hex | undefined;
  const allowance = await p.client.readContract({ address: p.collateralToken, abi: erc20Abi, functionName: "allowance", args: [from, p.vault] });
  if (allowance < units) approveHash = await send(p.collateralToken, encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [p.vault, units] }), "approve");
  const depositHash = await send(p.vault, encodeFunctionData({ abi: optionVaultAbi, functionName: "deposit", args: [units] }), "deposit");
  const collateralAfter = (await p.client.readContract({ address: p.vault, abi: optionVaultAbi, functionName: "collateralOf", args: [from] })) as bigint;
  return { approveHash, depositHash, collateralAfter };
}
