import type { NetworkConnection } from "hardhat/types/network";

/** What every bench module receives. */
export type BenchContext = {
  /** the in-process Hardhat network connection (ethers attached) */
  connection: NetworkConnection;
};

/** What every bench module returns. */
export type BenchResult = {
  /** [gas] figures merged into bench/gas.json: name -> integer gas */
  gas: Record<string, number>;
  /** figures merged into bench/accuracy.json: name -> number */
  accuracy: Record<string, number>;
  /** table rows printed by index.ts: [figure, value, target/bar, note] */
  rows: [string, string, string, string][];
};

/** A file `scripts/bench/<name>.bench.ts` default-exports one of these. */
export type BenchModule = {
  name: string;
  run(ctx: BenchContext): Promise<BenchResult>;
};
