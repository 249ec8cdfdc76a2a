/**
 * The deployment rehearsal as a test (scripts/rehearse/rehearse.ts): Ethereum Sepolia's production
 * deployment on a local anvil with the real chain id and contracts at the real feed and USDC addresses,
 * the unchanged parameter file, then the smoke test (series, feeder, signed-order trade, price move, CRE
 * report, keeper partial liquidation, settlement); and the refusal of the Arbitrum Sepolia file on the
 * Base Sepolia chain. The other two testnets: `npm run deploy:rehearse -- all`.
 */
import { expect } from "chai";
import { rehearse, rehearseRefusal } from "../../scripts/rehearse/rehearse.js";

const WAD = 10n ** 18n;

describe("deployment rehearsal (anvil with the testnet's chain id and feed addresses)", function () {
  this.timeout(240_000);

  it("sepolia: the production deployment, then series, vols, trade, move, CRE start, partial liquidation, settlement", async function () {
    const lines: string[] = [];
    const r = await rehearse({ network: "sepolia", log: (l) => lines.push(l) });
    const f = r.facts;
    console.log(`      timings [s]: ${Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`);
    expect(r.chainId).to.equal(11155111);
    expect(lines.join("\n")).to.match(/ok\s+ETH feed "ETH \/ USD" at 0x694AA1769357215DE4FAC081bf1f309aDC325306/);
    expect(f.seriesListed).to.equal(25); // 24 from the parameter file + the smoke test's
    expect(f.volsPosted).to.be.greaterThanOrEqual(3);
    expect(f.ratioAfterMoveWad).to.be.lessThan((105n * WAD) / 100n);
    expect(f.ratioAfterMoveWad).to.be.greaterThan(WAD);
    expect(f.receiverStarted).to.equal(true);
    // partial: some but not all of the short was bought back, and the ratio is back at the target
    expect(f.bidSizeWad > 0n && f.bidSizeWad < -f.positionAtStartWad).to.equal(true);
    expect(f.positionAfterBidWad).to.equal(f.positionAtStartWad + f.bidSizeWad);
    expect(f.ratioAfterBidWad).to.be.greaterThanOrEqual((11n * WAD) / 10n);
    expect(f.traderPositionAfterSettleWad).to.equal(0n);
    expect(f.settledPriceWad > 3000n * WAD).to.equal(true);
  });

  it("refusal: the Arbitrum Sepolia file on the Base Sepolia chain fails on the feed check, naming the feed, before sending anything", async function () {
    const r = await rehearseRefusal();
    expect(r.code).to.equal(1);
    expect(r.output).to.include('ETH feed "ETH / USD" (0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165): description() is "USDC / USD", expected "ETH / USD"');
    expect(r.refusedFeeds.some((l) => l.includes("ETH feed"))).to.equal(true);
    expect(r.output).to.not.include("ignition deploy");
  });
});
