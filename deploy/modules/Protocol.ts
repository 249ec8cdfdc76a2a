import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ArgumentType, ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { ROLES, selectorsByRole } from "../roles.js";

/**
 * The protocol core on any network: AccessManager, OracleHub, MarginEngine, OptionVault, the liquidation
 * engine and its curves, the read-only lenses, the Chainlink CRE receiver, and the role wiring of every
 * restricted function (from `deploy/roles.ts`).
 *
 * Dependencies point one way: MarginEngine (oracle hub, parameters) ← OptionVault (hands it books) ←
 * LiquidationEngine (the vault's liquidator) ← lenses (read everything). Nothing is wired after deployment
 * except the vault's liquidator and the roles.
 *
 * Parameters (deploy/parameters/<network>.json, module "Protocol"):
 * - collateralToken: the ERC-20 collateral (e.g. USDC)
 * - sequencerFeed: Chainlink L2 sequencer uptime feed, or the zero address on L1
 * - sequencerGracePeriod: [seconds] reads revert this long after the sequencer comes back
 * - riskAdmin, feeder, lister, treasury, guardian: holders of the roles (default: the deployer)
 * - stairstepStep [seconds] (default 90), stairstepGrowthWad [wad] (default 1.1e18): the stairstep curve
 * - withdrawalDelay [seconds] (default 300 here, 0 in LocalProtocol): between a withdrawal request and the
 *   withdrawal; longer than the keepers' start latency, it closes the window in which a depositor could
 *   withdraw ahead of an insolvency whose auction has not started yet (OptionVault.requestWithdrawal)
 * - creForwarder: the chain's Chainlink CRE KeystoneForwarder, the only caller LiquidationReceiver accepts
 *   (default: the deployer, for local deployments); the workflow identity is set after deployment
 */
export default buildModule("Protocol", (m) => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { ready, ...contracts } = deployCore(m, m.getParameter<string>("collateralToken"), 300);
  return contracts;
});

/** Adds the core contracts and their role wiring to module `m`, with `collateralToken` as collateral. */
export function deployCore(m: IgnitionModuleBuilder, collateralToken: ArgumentType, withdrawalDelayDefault: number) {
  const deployer = m.getAccount(0);
  const sequencerFeed = m.getParameter<string>("sequencerFeed", "0x0000000000000000000000000000000000000000");
  const sequencerGracePeriod = m.getParameter<number>("sequencerGracePeriod", 3600);

  const manager = m.contract("AccessManager", [deployer]);
  const oracleHub = m.contract("OracleHub", [manager, sequencerFeed, sequencerGracePeriod]);
  // the margin engine's parameter setters, its liquidation quote and the max-loss scan (also the lens's)
  // are external libraries (linked): they keep the engine's bytecode small
  const maxLossLib = m.library("MaxLossLib");
  const marginParamsLib = m.library("MarginParamsLib");
  const liquidationQuoteLib = m.library("LiquidationQuoteLib", { libraries: { MaxLossLib: maxLossLib } });
  const marginEngine = m.contract("MarginEngine", [manager, collateralToken, oracleHub], {
    libraries: { MaxLossLib: maxLossLib, MarginParamsLib: marginParamsLib, LiquidationQuoteLib: liquidationQuoteLib },
  });
  const vault = m.contract("OptionVault", [manager, collateralToken, oracleHub, marginEngine]);

  // liquidation: a linear discount curve (the default's) and a stairstep-exponential alternative
  // (swap with setUnderlyingParams), the engine (the vault's liquidator), the lenses, the CRE receiver
  // (starts and resets auctions from a workflow's reports; it reads auction status from the lens)
  const curve = m.contract("LinearDiscount", [], { id: "LinearDiscount" });
  const stairstepCurve = m.contract(
    "StairstepExpDiscount",
    [m.getParameter("stairstepStep", 90), m.getParameter("stairstepGrowthWad", 11n * 10n ** 17n)],
    { id: "StairstepExpDiscount" },
  );
  // the engine's parameter code is an external library (linked): it keeps the engine's bytecode small
  const liquidationParamsLib = m.library("LiquidationParamsLib");
  const liquidationEngine = m.contract("LiquidationEngine", [manager, vault, marginEngine, curve], {
    libraries: { LiquidationParamsLib: liquidationParamsLib },
  });
  const marginLens = m.contract("MarginLens", [vault, marginEngine], { libraries: { MaxLossLib: maxLossLib } });
  const liquidationLens = m.contract("LiquidationLens", [liquidationEngine, marginLens]);
  const receiver = m.contract("LiquidationReceiver", [
    manager,
    liquidationEngine,
    vault,
    liquidationLens,
    m.getParameter("creForwarder", deployer),
  ]);

  // role wiring: every restricted function of every contract belongs to one role (deploy/roles.ts)
  const targets: Record<string, ContractFuture<string>> = {
    OracleHub: oracleHub,
    OptionVault: vault,
    MarginEngine: marginEngine,
    LiquidationEngine: liquidationEngine,
    LiquidationReceiver: receiver,
  };
  const wiring = [];
  for (const [name, target] of Object.entries(targets)) {
    for (const [role, selectors] of selectorsByRole(name)) {
      wiring.push(
        m.call(manager, "setTargetFunctionRole", [target, selectors, ROLES[role]], { id: `${name}_${role}_role` }),
      );
    }
  }
  // the liquidation hooks of the vault answer to one address, set by the admin (role 0, the deployer here)
  m.call(vault, "setLiquidator", [liquidationEngine], { after: wiring });

  // the deployer configures the deployment (markets, parameters), so it holds the risk role too; governance
  // revokes it once the configuration is done
  const grantDeployerRisk = m.call(manager, "grantRole", [ROLES.RISK_ADMIN, deployer, 0], { id: "grantDeployerRisk" });
  const grants = [
    grantDeployerRisk,
    m.call(vault, "setWithdrawalDelay", [m.getParameter("withdrawalDelay", withdrawalDelayDefault)], {
      id: "withdrawalDelay",
      after: [...wiring, grantDeployerRisk],
    }),
    m.call(manager, "grantRole", [ROLES.RISK_ADMIN, m.getParameter("riskAdmin", deployer), 0], { id: "grantRiskAdmin" }),
    m.call(manager, "grantRole", [ROLES.FEEDER, m.getParameter("feeder", deployer), 0], { id: "grantFeeder" }),
    m.call(manager, "grantRole", [ROLES.LISTER, m.getParameter("lister", deployer), 0], { id: "grantLister" }),
    m.call(manager, "grantRole", [ROLES.TREASURY, m.getParameter("treasury", deployer), 0], { id: "grantTreasury" }),
    m.call(manager, "grantRole", [ROLES.GUARDIAN, m.getParameter("guardian", deployer), 0], { id: "grantGuardian" }),
  ];

  return {
    manager,
    oracleHub,
    vault,
    marginEngine,
    liquidationEngine,
    marginLens,
    liquidationLens,
    receiver,
    curve,
    stairstepCurve,
    /** every role wired and granted: restricted calls go after these */
    ready: [...wiring, ...grants],
  };
}
