import type { PathResult } from "../run/runPath.js";
import type { RunStudyReturnType } from "../run/runStudy.js";
import { POLICY_TEXT } from "../policies/studyPolicies.js";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c"];
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

type Metric = { title: string; unit: string; of: (r: PathResult) => number };

const METRICS: Metric[] = [
  { title: "Notional sold per path", unit: "USD", of: (r) => r.notionalSold },
  { title: "Penalty paid per path", unit: "USD", of: (r) => r.penaltyPaid },
  { title: "Accounts liquidated per path", unit: "accounts", of: (r) => r.liquidated.length },
  { title: "Liquidated accounts kept open per path", unit: "accounts", of: (r) => r.keptOpen.length },
  { title: "Bad debt per path", unit: "USD", of: (r) => r.badDebt },
];

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
};
const fmt = (x: number, unit: string): string => (unit === "USD" ? `$${Math.round(x).toLocaleString("en-US")}` : x.toFixed(x % 1 === 0 ? 0 : 1));

/** One metric: a box (quartiles, median) and every path as a dot, one row per policy, on a shared axis. */
function panel(study: RunStudyReturnType, metric: Metric): string {
  const W = 860;
  const rowH = 46;
  const left = 120;
  const right = 30;
  const H = study.runs.length * rowH + 40;
  const all = study.runs.flatMap((r) => r.plain.map(metric.of));
  const max = Math.max(1e-9, ...all);
  const x = (v: number): number => left + ((W - left - right) * v) / max;
  const parts: string[] = [];
  study.runs.forEach((run, i) => {
    const ys = run.plain.map(metric.of);
    const y = 20 + i * rowH + rowH / 2;
    const c = COLORS[i % COLORS.length];
    const [q1, med, q3] = [quantile(ys, 0.25), quantile(ys, 0.5), quantile(ys, 0.75)];
    const mean = ys.reduce((s, v) => s + v, 0) / Math.max(ys.length, 1);
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="13">${esc(run.policy)}</text>`);
    parts.push(`<rect x="${x(q1)}" y="${y - 12}" width="${Math.max(1, x(q3) - x(q1))}" height="24" fill="${c}" fill-opacity="0.18" stroke="${c}"/>`);
    parts.push(`<line x1="${x(med)}" x2="${x(med)}" y1="${y - 14}" y2="${y + 14}" stroke="${c}" stroke-width="3"/>`);
    ys.forEach((v, j) => {
      const jitter = ((j * 7919) % 17) - 8;
      parts.push(`<circle cx="${x(v).toFixed(1)}" cy="${(y + jitter).toFixed(1)}" r="2.2" fill="${c}" fill-opacity="0.55"><title>path ${run.plain[j].path}: ${fmt(v, metric.unit)}</title></circle>`);
    });
    parts.push(`<text x="${W - right}" y="${y - 16}" text-anchor="end" font-size="11" fill="#444">median ${fmt(med, metric.unit)} · mean ${fmt(mean, metric.unit)}</text>`);
  });
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="12" y2="${H - 24}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(v)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="#666">${fmt(v, metric.unit)}</text>`);
  }
  return `<h2>${esc(metric.title)}</h2><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join("")}</svg>`;
}

/** reports/study.html: self-contained (inline SVG, no script, no network). */
export function renderStudyHtml(study: RunStudyReturnType, m: Record<string, number>): string {
  const rows = Object.entries(m)
    .map(([k, v]) => `<tr><td>${esc(k)}</td><td style="text-align:right">${v.toLocaleString("en-US", { maximumFractionDigits: 4 })}</td></tr>`)
    .join("");
  const policies = study.runs.map((r) => `<li><b>${esc(r.policy)}</b>: ${esc(POLICY_TEXT[r.policy])}</li>`).join("");
  const md = study.model;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Liquidation study</title>
<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#111}table{border-collapse:collapse;font-size:13px}td{border-bottom:1px solid #eee;padding:2px 10px}h2{font-size:16px;margin-top:1.6em}</style></head><body>
<h1>Liquidation study</h1>
<p>${m["study.paths"]} paths of ${md.days} days in ${md.stepHours} h steps (${m["study.pathsInBuffer"]} inside the ±15% spot shock), ${study.population.length} accounts, seed ${study.seed}, ${esc(study.chain)} chain.
Paths: GBM at the posted implied vol σ<sub>t</sub> = ${md.vol0} · (S/S<sub>0</sub>)<sup>−${md.volBeta}</sup> (clamped to [${md.volMin}, ${md.volMax}]) plus Merton compound-Poisson jumps (λ = ${md.jumpsPerYear}/year, log-jump ~ N(${md.jumpMean}, ${md.jumpStd}²)), compensated drift at r = ${md.rate}.
${study.impact ? `Cascade runs: the bidder's delta hedge moves spot by −${study.impact.coefficient} × delta notional / $${study.impact.depth.toLocaleString("en-US")} before the next keeper round.` : ""}</p>
<ul>${policies}</ul>
${METRICS.map((x) => panel(study, x)).join("\n")}
<h2>study.json</h2><table>${rows}</table>
</body></html>
`;
}
