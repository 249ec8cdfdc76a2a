import { createRequire } from "node:module";
import { configVariable, type HardhatUserConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";

const require = createRequire(import.meta.url);

/**
 * Compiler profile (fixed; every gas figure in README and bench/ is measured with it):
 * solc 0.8.30 from the npm `solc` package (WASM, works offline), legacy codegen (viaIR off),
 * optimizer on with 200 runs, EVM version `cancun` (live on Ethereum mainnet and on the
 * Arbitrum, Optimism, Base, Polygon zkEVM-free L2 testnets we target).
 */
export const SOLC_VERSION = "0.8.30";
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  evmVersion: "cancun",
} as const;

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    // Artifacts for contracts that scripts and mocha tests deploy straight from npm packages.
    npmFilesToBuild: ["@openzeppelin/contracts/access/manager/AccessManager.sol"],
    profiles: {
      default: {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: SOLC_SETTINGS,
      },
      production: {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: SOLC_SETTINGS,
      },
    },
  },
  paths: {
    // Ignition: modules in deploy/modules, deployments in deploy/deployments/<id> (git-ignored)
    ignition: "deploy",
    tests: {
      solidity: "./test",
      mocha: "./test",
    },
  },
  test: {
    solidity: {
      // a fixed seed makes every run (and CI) explore the same inputs, so a result reproduces; change it
      // to explore new ones (a failure prints its counterexample: keep it as a unit test)
      fuzz: { runs: 256, seed: "0x5eed0003" },
    },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // a node already running on this machine (`npx hardhat node --hostname 127.0.0.1`, anvil, ...);
    // another URL through the LOCALHOST_RPC_URL config variable (environment or keystore)
    localhost: { type: "http", url: configVariable("LOCALHOST_RPC_URL", { default: "http://127.0.0.1:8545" }) },
    // Testnets (`npm run deploy -- <network>`, README "Deploying to a testnet"). The RPC URL and the
    // deployer key are configuration variables: set them in the keystore (`npx hardhat keystore set
    // SEPOLIA_RPC_URL`, `... DEPLOYER_PRIVATE_KEY`) or in the environment; nothing secret lives here.
    sepolia: {
      type: "http",
      chainType: "l1",
      chainId: 11155111,
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    arbitrumSepolia: {
      type: "http",
      chainType: "generic",
      chainId: 421614,
      url: configVariable("ARBITRUM_SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    baseSepolia: {
      type: "http",
      chainType: "op",
      chainId: 84532,
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  // Source verification (`hardhat ignition verify <deployment id>`, run by `npm run deploy`): one
  // Etherscan API key (the v2 API serves Etherscan, Arbiscan and Basescan; Hardhat knows the three
  // testnets' explorers by chain id); Blockscout and Sourcify need no key.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
};

export default config;
