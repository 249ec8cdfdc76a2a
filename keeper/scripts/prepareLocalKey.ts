/**
 * Local development nodes only (`hardhat node`, anvil): gives a fresh keeper key gas and mock
 * collateral tokens, so that `keeper fund` can deposit them into its vault account.
 *   KEEPER_PRIVATE_KEY=0x... node --import tsx keeper/scripts/prepareLocalKey.ts --rpc http://127.0.0.1:8545 \
 *     --deployment deploy/deployments/chain-31337 --eth 10 --tokens 100000
 * Sets the key's native balance with `hardhat_setBalance` (both nodes answer it) and mints the mock
 * collateral (MockERC20.mint is open on the local deployment) with a transaction the key signs itself.
 * On a real network fund the key with a normal transfer and buy the collateral instead.
 */
import { createPublicClient, encodeFunctionData, http, parseAbi, parseEther, parseUnits, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { optionVaultAbi } from "../src/abis/optionVaultAbi.js";
import { readDeployedAddresses } from "../src/config/readDeployedAddresses.js";
import { computeFees } from "../src/tx/computeFees.js";
import { signAndBroadcast } from "../src/tx/signAndBroadcast.js";

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`missing ${name}`);
  return v;
};
const key = process.env.KEEPER_PRIVATE_KEY as Hex | undefined;
if (!key) {
  process.stderr.write("prepareLocalKey: set KEEPER_PRIVATE_KEY\n");
  process.exit(2);
}
const url = arg("--rpc", "http://127.0.0.1:8545");
const account = privateKeyToAccount(key.startsWith("0x") ? key : (`0x${key}` as Hex));
const client = createPublicClient({ transport: http(url) });
const { vault } = readDeployedAddresses({ deploymentDir: arg("--deployment", "deploy/deployments/chain-31337") });
if (!vault) throw new Error("no OptionVault in the deployment");
const token = (await client.readContract({ address: vault, abi: optionVaultAbi, functionName: "collateralToken" })) as Address;
const erc20 = parseAbi(["function mint(address to, uint256 amount)", "function decimals() view returns (uint8)", "function balanceOf(address) view returns (uint256)"]);
const decimals = await client.readContract({ address: token, abi: erc20, functionName: "decimals" });
await client.request({ method: "hardhat_setBalance" as never, params: [account.address, toHex(parseEther(arg("--eth", "10")))] as never });
const data = encodeFunctionData({ abi: erc20, functionName: "mint", args: [account.address, parseUnits(arg("--tokens", "100000"), decimals)] });
const block = await client.getBlock();
const { hash } = await signAndBroadcast({
  account,
  client: client as never,
  chainId: await client.getChainId(),
  to: token,
  data,
  gas: 100_000n,
  nonce: await client.getTransactionCount({ address: account.address, blockTag: "pending" }),
  fees: computeFees({ baseFeePerGas: block.baseFeePerGas ?? 0n, priorityFeePerGas: 10n ** 9n, maxFeeCap: 10n ** 12n }),
});
await client.waitForTransactionReceipt({ hash });
const balance = await client.readContract({ address: token, abi: erc20, functionName: "balanceOf", args: [account.address] });
process.stdout.write(`prepareLocalKey: ${account.address} has ${arg("--eth", "10")} ETH and ${Number(balance) / 10 ** decimals} collateral tokens (${token})\n`);
