import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Checkpoint } from "./loadCheckpoint.js";

export type SaveCheckpointParameters = { file: string; checkpoint: Checkpoint };

/** Writes the checkpoint atomically (temporary file, then rename): a crash never leaves half a file. */
export function saveCheckpoint({ file, checkpoint }: SaveCheckpointParameters): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(checkpoint) + "\n");
  renameSync(tmp, file);
}
