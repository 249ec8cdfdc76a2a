/** Types of reports/demo.json and the HTML page with an inline SVG chart of price and margin ratios. */

type Base = { step: number; sample: number; block: number };
export type DemoEvent = Base &
  (
    | { type: "price"; price: number; previous: number }
    | { type: "ratio"; account: string; name: string; ratio: number | null; tier: number | "insolvent" }
    | { type: "start"; tx: string; account: string; name: string; auctionId: number; series: string; ratio: number; tier: number | "insolvent"; mark: number; notional: number; tip: number; keeper: string }
    | { type: "bid"; tx: string; account: string; name: string; auctionId: number; bidder: string; series: string; size: number; price: number; discount: number; ratioBefore: number | null; ratioAfter: number | null; accountCash: number; fundShare: number }
    | { type: "bidHedge"; tx: string; account: string; name: string; auctionId: number; series: string; size: number }
    | { type: "end"; tx: string; account: string; name: string; auctionId: number; ratio: number | null; reason: string; liquidationPrice: number; previousLiquidationPrice: number | null }
    | { type: "reset"; tx: string; account: string; name: string; auctionId: number; previousAuctionId: number; series: string }
    | { type: "open"; account: string; name: string; ratio: number | null; maxSize: number; canReset: boolean }
    | { type: "insurancePayout" | "badDebt"; tx: string; account: string; name: string; to?: string; amount: number }
  );

/** One snapshot of every trader's margin ratio (null: no requirement) at a price. */
export type Sample = { index: number; label: string; step: number; price: number; block: number; ratios: Record<string, number | null> };

export type DemoReport = {
  generatedAt: string;
  chain: { chainId: number; blocks: number };
  params: Record<string, unknown> & { tiers: { ratio: number; share: number }[]; target: number };
  keeper: { address: string; runs: string };
  accounts: { name: string; address: string; kind: string; book: string[]; targetOpeningRatio: number | null }[];
  events: DemoEvent[];
  samples: Sample[];
  summary: Record<string, unknown> & { soldNotional: number; fullLiquidationNotional: number; insuranceFund: number; badDebt: number; accountsAuctioned: string[] };
};

const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#800000", "#469990", "#000075", "#808000"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A self-contained HTML page: chart (price on the right axis, ratios on the left, tiers shaded, auctions and bids marked), then tables. */
export function renderDemoHtml(r: DemoReport): string {
  const W = 1100;
  const H = 560;
  const m = { l: 60, r: 70, t: 30, b: 70 };
  const n = r.samples.length;
  const x = (i: number) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - m.l - m.r));
  const RMAX = 2.0;
  const RMIN = 0;
  const yr = (v: number) => m.t + (1 - (Math.min(Math.max(v, RMIN), RMAX) - RMIN) / (RMAX - RMIN)) * (H - m.t - m.b);
  const prices = r.samples.map((s) => s.price);
  const pmax = Math.max(...prices) * 1.02;
  const pmin = Math.min(...prices) * 0.95;
  const yp = (v: number) => m.t + (1 - (v - pmin) / (pmax - pmin)) * (H - m.t - m.b);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  // tier bands
  const tiers = [...r.params.tiers].sort((a, b) => b.ratio - a.ratio);
  const shades = ["#fff4d6", "#ffe2bf", "#ffd0d0"];
  tiers.forEach((t, i) => {
    const lo = i + 1 < tiers.length ? tiers[i + 1].ratio : RMIN;
    out.push(`<rect x="${m.l}" y="${yr(t.ratio)}" width="${W - m.l - m.r}" height="${yr(lo) - yr(t.ratio)}" fill="${shades[Math.min(i, 2)]}"/>`);
  });
  // the bands are thin: their labels are stacked at the bottom left, inside the deepest band
  tiers.forEach((t, i) => {
    out.push(`<text x="${m.l + 4}" y="${yr(RMIN) - 6 - 14 * (tiers.length - 1 - i)}" fill="#a66">tier ${i + 1}: &lt; ${t.ratio} → ${t.share * 100}% per bid</text>`);
  });
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${yr(r.params.target)}" y2="${yr(r.params.target)}" stroke="#393" stroke-dasharray="6 3"/>`);
  out.push(`<text x="${m.l + 4}" y="${yr(r.params.target) - 3}" fill="#393">target ${r.params.target}</text>`);
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${yr(1.3)}" y2="${yr(1.3)}" stroke="#999" stroke-dasharray="2 3"/>`);
  out.push(`<text x="${m.l + 4}" y="${yr(1.3) - 3}" fill="#999">initial margin 1.3</text>`);
  // axes
  for (let v = 0; v <= RMAX + 1e-9; v += 0.25) out.push(`<text x="${m.l - 6}" y="${yr(v) + 4}" text-anchor="end">${v.toFixed(2)}</text><line x1="${m.l - 3}" x2="${m.l}" y1="${yr(v)}" y2="${yr(v)}" stroke="#000"/>`);
  const pstep = 100;
  for (let v = Math.ceil(pmin / pstep) * pstep; v <= pmax; v += pstep) out.push(`<text x="${W - m.r + 6}" y="${yp(v) + 4}" fill="#555">$${v}</text>`);
  out.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#000"/><line x1="${W - m.r}" x2="${W - m.r}" y1="${m.t}" y2="${H - m.b}" stroke="#555"/>`);
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#000"/>`);
  out.push(`<text x="16" y="${m.t + (H - m.t - m.b) / 2}" transform="rotate(-90 16 ${m.t + (H - m.t - m.b) / 2})" text-anchor="middle">margin ratio (equity / maintenance)</text>`);
  out.push(`<text x="${W - 12}" y="${m.t + (H - m.t - m.b) / 2}" transform="rotate(90 ${W - 12} ${m.t + (H - m.t - m.b) / 2})" text-anchor="middle" fill="#555">ETH price</text>`);
  // step separators and labels
  let lastStep = -1;
  for (const s of r.samples) {
    if (s.step === lastStep) continue;
    lastStep = s.step;
    out.push(`<line x1="${x(s.index)}" x2="${x(s.index)}" y1="${m.t}" y2="${H - m.b}" stroke="#ddd"/>`);
    out.push(`<text x="${x(s.index)}" y="${H - m.b + 14}" text-anchor="middle">${esc(s.label)}</text>`);
  }
  out.push(`<text x="${(W - m.l - m.r) / 2 + m.l}" y="${H - m.b + 32}" text-anchor="middle" fill="#555">price steps → keeper rounds (one per simulated minute)</text>`);
  // price line
  out.push(`<polyline fill="none" stroke="#222" stroke-width="2.5" stroke-opacity="0.6" points="${r.samples.map((s) => `${x(s.index)},${yp(s.price)}`).join(" ")}"/>`);
  // ratio lines: auctioned accounts in colour, the others thin grey
  const auctioned = new Set(r.summary.accountsAuctioned);
  const colour = new Map<string, string>();
  [...auctioned].forEach((a, i) => colour.set(a, PALETTE[i % PALETTE.length]));
  for (const a of r.accounts) {
    const pts = r.samples.filter((s) => s.ratios[a.name] != null).map((s) => `${x(s.index)},${yr(s.ratios[a.name]!)}`);
    if (pts.length < 2) continue;
    const c = colour.get(a.name);
    out.push(`<polyline fill="none" stroke="${c ?? "#bbb"}" stroke-width="${c ? 2 : 1}" points="${pts.join(" ")}"><title>${esc(a.name)}: ${esc(a.book.join(" / "))}</title></polyline>`);
  }
  // markers
  for (const e of r.events) {
    if (e.type !== "start" && e.type !== "bid" && e.type !== "end") continue;
    const c = colour.get(e.name) ?? "#000";
    const cx = x(Math.max(e.sample, 0));
    if (e.type === "start") {
      const cy = yr(e.ratio);
      out.push(`<path d="M${cx - 6},${cy + 5} L${cx + 6},${cy + 5} L${cx},${cy - 6} Z" fill="${c}" stroke="#000" stroke-width="0.6"><title>start ${esc(e.name)} #${e.auctionId} ratio ${e.ratio.toFixed(3)}</title></path>`);
    } else if (e.type === "bid") {
      const cy = yr(e.ratioAfter ?? RMAX);
      out.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="${c}" stroke="#000" stroke-width="0.6"><title>bid ${esc(e.name)} #${e.auctionId}: ${e.size.toFixed(2)} ${esc(e.series)} at ${(e.discount * 100).toFixed(2)}% discount, ratio ${e.ratioBefore?.toFixed(3)} → ${e.ratioAfter?.toFixed(3)}</title></circle>`);
    } else {
      const cy = yr(e.ratio ?? RMAX);
      out.push(`<rect x="${cx - 4}" y="${cy - 4}" width="8" height="8" fill="#fff" stroke="${c}" stroke-width="2"><title>end ${esc(e.name)} #${e.auctionId}</title></rect>`);
    }
  }
  // legend
  let ly = m.t + 4;
  const lx = W - m.r - 150;
  out.push(`<rect x="${lx - 8}" y="${ly - 2}" width="150" height="${22 + 14 * (auctioned.size + 4)}" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>`);
  const legend = (svg: string, text: string) => {
    ly += 14;
    out.push(`${svg.replace(/\$Y/g, String(ly - 4))}<text x="${lx + 22}" y="${ly}">${esc(text)}</text>`);
  };
  legend(`<line x1="${lx}" x2="${lx + 16}" y1="$Y" y2="$Y" stroke="#222" stroke-width="2.5" stroke-opacity="0.6"/>`, "ETH price (right axis)");
  legend(`<path d="M${lx + 2},${ly + 14} L${lx + 14},${ly + 14} L${lx + 8},${ly + 4} Z" fill="#888"/>`, "auction started");
  legend(`<circle cx="${lx + 8}" cy="$Y" r="4" fill="#888"/>`, "bid (ratio after)");
  legend(`<rect x="${lx + 4}" y="${ly + 6}" width="8" height="8" fill="#fff" stroke="#888" stroke-width="2"/>`, "auction ended");
  for (const [a, c] of colour) legend(`<line x1="${lx}" x2="${lx + 16}" y1="$Y" y2="$Y" stroke="${c}" stroke-width="2"/>`, a);
  out.push(`</svg>`);

  const rows = r.events
    .filter((e) => e.type !== "ratio")
    .map((e) => {
      const d = { ...e } as Record<string, unknown>;
      delete d.tx;
      delete d.account;
      return `<tr><td>${e.step}</td><td>${e.block}</td><td>${e.type}</td><td>${esc(
        Object.entries(d)
          .filter(([k]) => !["step", "block", "type", "sample"].includes(k))
          .map(([k, v]) => `${k}=${typeof v === "number" ? +v.toFixed(4) : v}`)
          .join("  "),
      )}</td></tr>`;
    })
    .join("\n");
  const s = r.summary;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Liquidation demo</title>
<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}h1{font-size:20px}</style></head><body>
<h1>Partial liquidation demo: ETH $${r.params.pricePath ? (r.params.pricePath as number[]).join(" → $") : ""}</h1>
<p>${r.accounts.length} traders; ${s.accountsAuctioned.length} auctioned (${esc(s.accountsAuctioned.join(", "))}). Sold <b>$${Math.round(s.soldNotional).toLocaleString("en-US")}</b> of notional where a full liquidation of the same accounts would have sold <b>$${Math.round(s.fullLiquidationNotional).toLocaleString("en-US")}</b> (${((s.soldNotional / Math.max(s.fullLiquidationNotional, 1)) * 100).toFixed(1)}%). Insurance fund $${s.insuranceFund.toFixed(2)}, bad debt $${s.badDebt.toFixed(2)}.</p>
${out.join("\n")}
<p style="font-size:12px;color:#555">Keeper: ${esc(r.keeper.runs)}. Hover a line or marker for details. Grey lines: accounts never auctioned.</p>
<h2>Events</h2><table><tr><th>step</th><th>block</th><th>type</th><th>details</th></tr>
${rows}
</table></body></html>
`;
}
