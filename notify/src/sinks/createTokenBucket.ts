export type CreateTokenBucketParameters = {
  /** sustained rate [tokens per minute] */
  perMinute: number;
  /** capacity [tokens]; the bucket starts full */
  burst: number;
  /** [ms] clock (tests pass a fake one) */
  now?: () => number;
};

export type CreateTokenBucketReturnType = {
  /** takes one token if there is one and returns 0, else returns the wait [ms] until one is available (taking none) */
  tryTake: () => number;
  /** tokens available now (fractional) */
  available: () => number;
};

/** A token bucket: `burst` messages back to back, then one per 60 000 / perMinute ms. */
export function createTokenBucket({ perMinute, burst, now = Date.now }: CreateTokenBucketParameters): CreateTokenBucketReturnType {
  const perMs = perMinute / 60_000;
  let tokens = burst;
  let last = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + (t - last) * perMs);
    last = t;
  };
  return {
    tryTake: () => {
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - tokens) / perMs);
    },
    available: () => {
      refill();
      return tokens;
    },
  };
}
