/**
 * The keeper's one error hierarchy (after viem's `BaseError`): a short message a log line can carry,
 * the underlying `cause`, and structured `details` for the JSON log.
 */
export type KeeperErrorOptions = {
  /** the error that caused this one */
  cause?: unknown;
  /** structured context (account, auction id, field, ...) */
  details?: Record<string, unknown>;
};

export class KeeperError extends Error {
  override name = "KeeperError";
  readonly shortMessage: string;
  readonly details: Record<string, unknown>;

  constructor(shortMessage: string, { cause, details = {} }: KeeperErrorOptions = {}) {
    super(shortMessage, cause === undefined ? undefined : { cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** A configuration value is missing or invalid; `field` is its dotted path. */
export class ConfigError extends KeeperError {
  override name = "ConfigError";
  readonly field: string;
  constructor(field: string, reason: string, options: KeeperErrorOptions = {}) {
    super(`${field}: ${reason}`, { ...options, details: { ...options.details, field } });
    this.field = field;
  }
}

/** A contract call reverted with a decoded custom error. */
export class RevertError extends KeeperError {
  override name = "RevertError";
  readonly errorName: string;
  readonly args: readonly unknown[];
  constructor(errorName: string, args: readonly unknown[], options: KeeperErrorOptions = {}) {
    super(`reverted: ${errorName}`, { ...options, details: { ...options.details, errorName } });
    this.errorName = errorName;
    this.args = args;
  }
}

/** Every configured RPC endpoint failed or is stale. */
export class RpcUnavailableError extends KeeperError {
  override name = "RpcUnavailableError";
}

/** Sending would exceed the hourly gas-spend cap. */
export class GasBudgetExceededError extends KeeperError {
  override name = "GasBudgetExceededError";
}
