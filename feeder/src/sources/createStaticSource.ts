import type { SourceConfig } from "../config/configSchema.js";
import type { VolSource } from "./VolSource.js";
import { parseVol } from "./parseVol.js";

type StaticConfig = Extract<SourceConfig, { type: "static" }>;

/** A fixed surface from the configuration (testnets): `byExpiry[expiry]`, else `default`. */
export function createStaticSource(config: StaticConfig): VolSource {
  return {
    name: "static",
    read: async ({ expiries }) => {
      const readings = new Map<bigint, bigint>();
      const errors: { expiry: bigint; error: Error }[] = [];
      for (const e of expiries) {
        try {
          readings.set(e, parseVol(config.byExpiry[e.toString()] ?? config.default, "fraction"));
        } catch (error) {
          errors.push({ expiry: e, error: error as Error });
        }
      }
      return { readings, errors };
    },
  };
}
