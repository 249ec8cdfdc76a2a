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
  },
};

export default config;
