import { BaseError } from "viem";

export type SdkErrorParameters = { cause?: Error; details?: string; metaMessages?: string[] };

/** Base of every error the SDK throws: a short message, the underlying `cause` (viem's `BaseError`). */
export class SdkError extends BaseError {
  constructor(shortMessage: string, { cause, details, metaMessages }: SdkErrorParameters = {}) {
    super(shortMessage, { cause, details, metaMessages, name: "SdkError" });
  }
}
