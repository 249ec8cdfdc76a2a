/** Base of the feeder's errors: a short message, the cause kept. */
export class FeederError extends Error {
  constructor(
    readonly shortMessage: string,
    options?: { cause?: unknown },
  ) {
    super(shortMessage, options);
    this.name = "FeederError";
  }
}

/** An invalid configuration value; `field` is its dotted path. The CLI exits with code 2. */
export class ConfigError extends FeederError {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
    this.name = "ConfigError";
  }
}

/** A volatility source failed or returned an unusable reading. */
export class SourceError extends FeederError {
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
    this.name = "SourceError";
  }
}
