/**
 * The notifier's one error hierarchy (after viem's `BaseError`, as the keeper's KeeperError): a short
 * message a log line can carry, the underlying `cause`, and structured `details`.
 */
export type NotifyErrorOptions = { cause?: unknown; details?: Record<string, unknown> };

export class NotifyError extends Error {
  override name = "NotifyError";
  readonly shortMessage: string;
  readonly details: Record<string, unknown>;
  constructor(shortMessage: string, { cause, details = {} }: NotifyErrorOptions = {}) {
    super(shortMessage, cause === undefined ? undefined : { cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** A configuration value is missing or invalid; `field` is its dotted path (exit code 2). */
export class ConfigError extends NotifyError {
  override name = "ConfigError";
  readonly field: string;
  constructor(field: string, reason: string, options: NotifyErrorOptions = {}) {
    super(`${field}: ${reason}`, { ...options, details: { ...options.details, field } });
    this.field = field;
  }
}
