import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deployCore } from "./Protocol.js";

/**
 * A complete local deployment for demos and end-to-end tests: mock USDC (6 decimals), a mock WETH
 * token used as the underlying's identifier, a Chainlink-style ETH/USD mock feed (8 decimals), the
 * protocol core, and a working configuration for ETH (feed, vol bounds, rate, margin parameters,
 * size tiers). Parameters (module "LocalProtocol"): ethPrice8 [1e8 USD], heartbeat [s].
 */
export default buildModule("LocalProtocol", (m) => {
  const ethPrice8 = m.getParameter("ethPrice8", 2000_00000000n);
  const heartbeat = m.getParameter("heartbeat", 86_400);

  const usdc = m.contract("MockERC20", ["USD Coin (mock)", "USDC", 6], { id: "USDC" });
  const weth = m.contract("MockERC20", ["Wrapped Ether (mock)", "WETH", 18], { id: "WETH" });
  const ethUsdFeed = m.contract("MockPriceFeed", [8, ethPrice8], { id: "EthUsdFeed" });

  const { manager, oracleHub, vault, marginEngine, liquidationEngine, marginLens, liquidationLens, receiver, curve, ready } =
    deployCore(m, usdc, 0);

  // ETH market: feed, vol bounds [5%, 500%], max change 50 vol points per update, vol max age 1 day,
  // rate 5%; margin: spot shock 15%, vol shock 30 points, floor 3% per short, IM = 1.3 x MM;
  // size tiers 0 -> 1.0, 1M -> 1.1, 5M -> 1.25, 20M -> 1.5 (gross notional in USD).
  m.call(oracleHub, "setFeed", [weth, ethUsdFeed, heartbeat], { after: ready });
  m.call(oracleHub, "setVolConfig", [weth, 5n * 10n ** 16n, 5n * 10n ** 18n, 5n * 10n ** 17n, 86_400], { after: ready });
  m.call(oracleHub, "setRate", [weth, 5n * 10n ** 16n], { after: ready });
  m.call(marginEngine, "setRiskParams", [weth, 15n * 10n ** 16n, 3n * 10n ** 17n, 3n * 10n ** 16n, 13n * 10n ** 17n], {
    after: ready,
  });
  m.call(marginEngine, "setTiers", [
    weth,
    [
      { notionalWad: 0n, factorWad: 10n ** 18n },
      { notionalWad: 1_000_000n * 10n ** 18n, factorWad: 11n * 10n ** 17n },
      { notionalWad: 5_000_000n * 10n ** 18n, factorWad: 125n * 10n ** 16n },
      { notionalWad: 20_000_000n * 10n ** 18n, factorWad: 15n * 10n ** 17n },
    ],
  ], { after: ready });

  // liquidation (global parameters, all set explicitly): tiers 1.05 -> 10%, 1.02 -> 25%, 1.00 -> 100% of
  // the lot; target 1.10; discount 1% -> 10% over 30 min (linear); reset after 1 h or a 20% mark move;
  // 20% of the penalty to the insurance fund; starter tip 1 USDC + 0.01% of the lot notional, capped at
  // 25 USDC; dust 0.001 contract; at most 100M of notional under auction at once.
  m.call(
    liquidationEngine,
    "setUnderlyingParams",
    [
      "0x0000000000000000000000000000000000000000",
      {
        tiers: [
          { ratioWad: 105n * 10n ** 16n, shareWad: 10n ** 17n },
          { ratioWad: 102n * 10n ** 16n, shareWad: 25n * 10n ** 16n },
          { ratioWad: 10n ** 18n, shareWad: 10n ** 18n },
        ],
        targetRatioWad: 11n * 10n ** 17n,
        curve,
        startDiscountWad: 10n ** 16n,
        maxDiscountWad: 10n ** 17n,
        duration: 1800,
        tail: 3600,
        cuspWad: 2n * 10n ** 17n,
        fundShareWad: 2n * 10n ** 17n,
        tipFlat: 1_000_000n,
        tipShareWad: 10n ** 14n,
        tipCap: 25_000_000n,
        minSizeWad: 10n ** 15n,
      },
    ],
    { id: "defaultLiquidationParams", after: ready },
  );
  m.call(liquidationEngine, "setHole", [100_000_000n * 10n ** 18n], { after: ready });

  return {
    manager,
    oracleHub,
    vault,
    marginEngine,
    liquidationEngine,
    marginLens,
    liquidationLens,
    receiver,
    usdc,
    weth,
    ethUsdFeed,
  };
});
