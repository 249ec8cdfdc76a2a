import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { ROLES, selector } from "../roles.js";

/**
 * The protocol core on any network: AccessManager, OracleHub, OptionVault, MarginEngine, and the
 * role wiring of every restricted function.
 *
 * Parameters (deploy/parameters/<network>.json, module "Protocol"):
 * - collateralToken: the ERC-20 collateral (e.g. USDC)
 * - sequencerFeed: Chainlink L2 sequencer uptime feed, or the zero address on L1
 * - sequencerGracePeriod: [seconds] reads revert this long after the sequencer comes back
 * - riskAdmin, feeder, lister, treasury, guardian: holders of the roles (default: the deployer)
 * - stairstepStep [seconds] (default 90), stairstepGrowthWad [wad] (default 1.1e18): the stairstep curve
 * - creForwarder: the chain's Chainlink CRE KeystoneForwarder, the only caller LiquidationReceiver accepts
 *   (default: the deployer, for local deployments); the workflow identity is set after deployment
 */
export default buildModule("Protocol", (m) => deployCore(m, m.getParameter<string>("collateralToken")));

/** Adds the core contracts and their role wiring to module `m`, with `collateralToken` as collateral. */
export function deployCore(m: IgnitionModuleBuilder, collateralToken: ArgumentType) {
  const deployer = m.getAccount(0);
  const sequencerFeed = m.getParameter<string>("sequencerFeed", "0x0000000000000000000000000000000000000000");
  const sequencerGracePeriod = m.getParameter<number>("sequencerGracePeriod", 3600);
  const riskAdmin = m.getParameter("riskAdmin", deployer);
  const feeder = m.getParameter("feeder", deployer);
  const lister = m.getParameter("lister", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const guardian = m.getParameter("guardian", deployer);

  const manager = m.contract("AccessManager", [deployer]);
  const oracleHub = m.contract("OracleHub", [manager, sequencerFeed, sequencerGracePeriod]);
  const vault = m.contract("OptionVault", [manager, collateralToken, oracleHub]);
  const marginEngine = m.contract("MarginEngine", [manager, vault, oracleHub]);

  // role wiring: every restricted function of every contract belongs to one role
  const hubRisk = m.call(
    manager,
    "setTargetFunctionRole",
    [
      oracleHub,
      [
        selector("setFeed(address,address,uint256)"),
        selector("setVolConfig(address,uint256,uint256,uint256,uint256)"),
        selector("setRate(address,uint256)"),
        selector("setSequencer(address,uint256)"),
      ],
      ROLES.RISK_ADMIN,
    ],
    { id: "hubRiskRole" },
  );
  const hubFeeder = m.call(
    manager,
    "setTargetFunctionRole",
    [
      oracleHub,
      [selector("setVol(address,uint64,uint256)"), selector("setVols(address,uint64[],uint256[])")],
      ROLES.FEEDER,
    ],
    { id: "hubFeederRole" },
  );
  const vaultLister = m.call(
    manager,
    "setTargetFunctionRole",
    [vault, [selector("listSeries(address,uint256,uint64,bool)")], ROLES.LISTER],
    { id: "vaultListerRole" },
  );
  const vaultRisk = m.call(
    manager,
    "setTargetFunctionRole",
    [vault, [selector("setMarginEngine(address)"), selector("setInsuranceFund(address)")], ROLES.RISK_ADMIN],
    { id: "vaultRiskRole" },
  );
  const vaultTreasury = m.call(
    manager,
    "setTargetFunctionRole",
    [vault, [selector("withdrawFees(address,uint256)")], ROLES.TREASURY],
    { id: "vaultTreasuryRole" },
  );
  const engineRisk = m.call(
    manager,
    "setTargetFunctionRole",
    [
      marginEngine,
      [
        selector("setRiskParams(address,uint256,uint256,uint256,uint256)"),
        selector("setTiers(address,(uint128,uint128)[])"),
      ],
      ROLES.RISK_ADMIN,
    ],
    { id: "engineRiskRole" },
  );

  // liquidation: a linear discount curve (the engine's) and a stairstep-exponential alternative
  // (swap with setCurve), the engine (the vault's liquidator), the CRE receiver (starts and resets
  // auctions from a workflow's reports; it reads auction status from the engine, later a lens)
  const curve = m.contract("LinearDiscount", [], { id: "LinearDiscount" });
  const stairstepCurve = m.contract(
    "StairstepExpDiscount",
    [m.getParameter("stairstepStep", 90), m.getParameter("stairstepGrowthWad", 11n * 10n ** 17n)],
    { id: "StairstepExpDiscount" },
  );
  const liquidationEngine = m.contract("LiquidationEngine", [manager, vault, marginEngine, curve]);
  const receiver = m.contract("LiquidationReceiver", [
    manager,
    liquidationEngine,
    vault,
    liquidationEngine,
    m.getParameter("creForwarder", deployer),
  ]);
  const liqRisk = m.call(
    manager,
    "setTargetFunctionRole",
    [
      liquidationEngine,
      [
        selector("setTiers((uint64,uint64)[])"),
        selector("setTarget(uint256)"),
        selector("setCurve(address,uint256,uint256,uint256)"),
        selector("setReset(uint256,uint256)"),
        selector("setFundShare(uint256)"),
        selector("setTip(uint256,uint256,uint256)"),
        selector("setMinSize(uint256)"),
        selector("setHole(uint256)"),
        selector(
          "setUnderlyingParams(address,((uint64,uint64)[],uint256,address,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256))",
        ),
        selector("removeUnderlyingParams(address)"),
      ],
      ROLES.RISK_ADMIN,
    ],
    { id: "liqRiskRole" },
  );
  const liqGuardian = m.call(
    manager,
    "setTargetFunctionRole",
    [liquidationEngine, [selector("setStopped(uint256)")], ROLES.GUARDIAN],
    { id: "liqGuardianRole" },
  );
  const receiverTreasury = m.call(
    manager,
    "setTargetFunctionRole",
    [receiver, [selector("withdrawTips(uint256,address)")], ROLES.TREASURY],
    { id: "receiverTreasuryRole" },
  );
  const receiverRisk = m.call(
    manager,
    "setTargetFunctionRole",
    [
      receiver,
      [selector("setForwarder(address)"), selector("setWorkflow(address,bytes10,bytes32)"), selector("setStatusView(address)")],
      ROLES.RISK_ADMIN,
    ],
    { id: "receiverRiskRole" },
  );
  // the liquidation hooks of the vault answer to one address, set by the admin (role 0, the deployer here)
  m.call(vault, "setLiquidator", [liquidationEngine], { after: [liqRisk, liqGuardian, receiverTreasury, receiverRisk] });

  const grants = [
    m.call(manager, "grantRole", [ROLES.RISK_ADMIN, riskAdmin, 0], { id: "grantRiskAdmin" }),
    m.call(manager, "grantRole", [ROLES.FEEDER, feeder, 0], { id: "grantFeeder" }),
    m.call(manager, "grantRole", [ROLES.LISTER, lister, 0], { id: "grantLister" }),
    m.call(manager, "grantRole", [ROLES.TREASURY, treasury, 0], { id: "grantTreasury" }),
    m.call(manager, "grantRole", [ROLES.GUARDIAN, guardian, 0], { id: "grantGuardian" }),
  ];
  // the deployer needs the risk role once to attach the margin engine, whoever holds it afterwards
  const grantDeployerRisk = m.call(manager, "grantRole", [ROLES.RISK_ADMIN, deployer, 0], {
    id: "grantDeployerRisk",
    after: grants,
  });
  const wiring = [hubRisk, hubFeeder, vaultLister, vaultRisk, vaultTreasury, engineRisk, grantDeployerRisk];
  m.call(vault, "setMarginEngine", [marginEngine], { after: wiring });
  // settlement shortfalls are paid from the liquidation engine's insurance fund before they are socialized
  m.call(vault, "setInsuranceFund", [liquidationEngine], { after: wiring });

  return { manager, oracleHub, vault, marginEngine, liquidationEngine, receiver, curve, stairstepCurve };
}
