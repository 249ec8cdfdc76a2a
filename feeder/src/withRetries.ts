export type WithRetriesParameters<T> = {
  run: () => Promise<T>;
  attempts: number;
  /** [ms] doubled after each failure */
  backoffMs: number;
  /** false: give up at once (e.g. a contract revert will not pass on retry) */
  retryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number) => void;
};

/** Runs `run` up to `attempts` times with exponential backoff; rethrows the last error. */
export async function withRetries<T>({ run, attempts, backoffMs, retryable = () => true, onRetry }: WithRetriesParameters<T>): Promise<T> {
  let last: unknown;
  for (let i = 1; i <= attempts; i++) {
    try {
      return await run();
    } catch (e) {
      last = e;
      if (i === attempts || !retryable(e)) break;
      onRetry?.(e, i);
      await new Promise((r) => setTimeout(r, backoffMs * 2 ** (i - 1)));
    }
  }
  throw last;
}
