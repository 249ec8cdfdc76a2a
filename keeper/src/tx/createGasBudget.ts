export type CreateGasBudgetParameters = {
  /** most native token (wei) the keeper may spend on gas in any rolling hour */
  capPerHourWei: bigint;
  /** clock [ms] (tests pass a fake one) */
  now?: () => number;
};

export type CreateGasBudgetReturnType = {
  /** whether spending `wei` more now stays within the cap (counts spent and reserved amounts) */
  allows: (wei: bigint) => boolean;
  /** reserve the worst case of a transaction being sent; returns a release function */
  reserve: (wei: bigint) => () => void;
  /** record gas actually paid by a mined transaction */
  record: (wei: bigint) => void;
  /** spent in the last hour plus reserved [wei] */
  used: () => bigint;
};

const HOUR_MS = 3_600_000;

/** A rolling one-hour gas-spend cap: mined spend is recorded, in-flight worst cases are reserved. */
export function createGasBudget({ capPerHourWei, now = Date.now }: CreateGasBudgetParameters): CreateGasBudgetReturnType {
  const spent: { at: number; wei: bigint }[] = [];
  let reserved = 0n;
  const used = (): bigint => {
    const cutoff = now() - HOUR_MS;
    while (spent.length > 0 && spent[0].at <= cutoff) spent.shift();
    return spent.reduce((s, x) => s + x.wei, 0n) + reserved;
  };
  return {
    used,
    allows: (wei) => used() + wei <= capPerHourWei,
    reserve: (wei) => {
      reserved += wei;
      let released = false;
      return () => {
        if (!released) reserved -= wei;
        released = true;
      };
    },
    record: (wei) => {
      spent.push({ at: now(), wei });
    },
  };
}
