export type ReadInBatchesParameters<T, R> = {
  items: readonly T[];
  batchSize: number;
  concurrency: number;
  /** one batched call; may throw for the whole batch */
  read: (batch: T[]) => Promise<readonly R[]>;
  /** called for an item whose single-item read still fails (it is left out of the result) */
  onItemError?: (item: T, error: unknown) => void;
  /** whether a failed batch is worth splitting (a revert is; a dead endpoint is not: rethrown) */
  shouldSplit?: (error: unknown) => boolean;
};

export type ReadInBatchesReturnType<T, R> = { item: T; value: R }[];

/**
 * Reads many items through a batched view: `batchSize` per call, `concurrency` calls in flight. A batch
 * that fails is split in halves until the failing item is isolated, so one account whose view
 * reverts never hides the others.
 */
export async function readInBatches<T, R>({ items, batchSize, concurrency, read, onItemError, shouldSplit = () => true }: ReadInBatchesParameters<T, R>): Promise<ReadInBatchesReturnType<T, R>> {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize));
  const out: ReadInBatchesReturnType<T, R>[] = new Array(batches.length);
  const readSplit = async (batch: T[]): Promise<ReadInBatchesReturnType<T, R>> => {
    try {
      const values = await read(batch);
      return batch.map((item, i) => ({ item, value: values[i] }));
    } catch (error) {
      if (!shouldSplit(error)) throw error;
      if (batch.length === 1) {
        onItemError?.(batch[0], error);
        return [];
      }
      const mid = batch.length >> 1;
      // halves one after the other: splitting never exceeds the concurrency bound
      const a = await readSplit(batch.slice(0, mid));
      const b = await readSplit(batch.slice(mid));
      return [...a, ...b];
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const i = next++;
      out[i] = await readSplit(batches[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return out.flat();
}
