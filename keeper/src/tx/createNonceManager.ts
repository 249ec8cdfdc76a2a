export type CreateNonceManagerParameters = {
  /** the chain's pending nonce of the signer (eth_getTransactionCount(address, "pending")) */
  fetchNonce: () => Promise<number>;
};

export type CreateNonceManagerReturnType = {
  /** the next nonce to use; consecutive calls return consecutive nonces */
  next: () => Promise<number>;
  /** forget the local counter: the next `next()` reads the chain again (after a failed send) */
  resync: () => void;
  /** the nonce `next()` would return without a resync, or undefined before the first read */
  peek: () => number | undefined;
};

/**
 * Local nonce manager: reads the pending nonce once, then counts locally so that many transactions
 * can be sent in one block without a round trip each; after any failed send the caller resyncs and
 * the next nonce is read from the chain again (a nonce the node never accepted is reused).
 * Calls are serialized so concurrent `next()` never hand out the same nonce.
 */
export function createNonceManager({ fetchNonce }: CreateNonceManagerParameters): CreateNonceManagerReturnType {
  let current: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const next = (): Promise<number> => {
    const p = queue.then(async () => {
      if (current === undefined) current = await fetchNonce();
      return current++;
    });
    queue = p.catch(() => undefined);
    return p;
  };
  return {
    next,
    resync: () => {
      current = undefined;
    },
    peek: () => current,
  };
}
