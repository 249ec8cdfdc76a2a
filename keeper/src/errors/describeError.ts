export type DescribeErrorParameters = { error: unknown; max?: number };

/**
 * One line for a log: viem's short message and the node's details ("insufficient funds for gas",
 * "nonce too low", ...), without the request body viem puts in `message`.
 */
export function describeError({ error, max = 300 }: DescribeErrorParameters): string {
  const e = error as { shortMessage?: string; details?: string; message?: string };
  const text = e?.shortMessage !== undefined ? [e.shortMessage, e.details].filter(Boolean).join(": ") : (e?.message ?? String(error));
  return text.replace(/\s+/g, " ").slice(0, max);
}
