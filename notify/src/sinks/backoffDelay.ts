export type BackoffDelayParameters = {
  /** 1 for the wait after the first failed attempt */
  attempt: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** [ms] the receiver's Retry-After, when it sent one: honoured (up to maxDelayMs) instead of the backoff when longer */
  retryAfterMs?: number;
};

/** Exponential backoff: min(maxDelayMs, baseDelayMs × 2^(attempt − 1)), or the receiver's Retry-After when longer. */
export function backoffDelay({ attempt, baseDelayMs, maxDelayMs, retryAfterMs }: BackoffDelayParameters): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return retryAfterMs === undefined ? exp : Math.min(maxDelayMs, Math.max(exp, retryAfterMs));
}
