/**
 * The blocks of [fromBlock, toBlock] whose health is read for warnings: every block when there are at
 * most `max`, else `max` blocks evenly spaced, the last always included (a long catch-up checks the
 * present, not every past block).
 */
export function sampleBlocks(fromBlock: bigint, toBlock: bigint, max: number): bigint[] {
  if (toBlock < fromBlock) return [];
  const n = toBlock - fromBlock + 1n;
  const m = BigInt(max);
  if (n <= m) return Array.from({ length: Number(n) }, (_, i) => fromBlock + BigInt(i));
  // k-th sample (1..m) at from − 1 + ceil(k·n/m): strictly increasing, the m-th is toBlock
  return Array.from({ length: max }, (_, i) => fromBlock - 1n + (BigInt(i + 1) * n + m - 1n) / m);
}
