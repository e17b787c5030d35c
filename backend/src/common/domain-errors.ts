/**
 * Typed errors that services and pure code throw. They know nothing of HTTP: the one exception filter
 * (common/all-exceptions.filter.ts) maps each kind to a status and the standard error body.
 */

/** One thing wrong with a request: the field it concerns ('' when none in particular) and what to do about it. */
export interface Problem {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  /**
   * Problems listed in the error body's `details` (their messages, in order); undefined when the error body has
   * no details.
   */
  readonly problems: readonly Problem[] | undefined;

  constructor(message: string, problems?: readonly Problem[]) {
    super(message);
    this.name = new.target.name;
    this.problems = problems;
  }
}

/** The thing asked for does not exist (or belongs to someone else: indistinguishable on purpose). */
export class NotFoundError extends DomainError {}

/** The request is wrong; `problems` says what, field by field. */
export class InvalidError extends DomainError {
  /** One problem whose message is also the error's message (the body repeats it in details). */
  static of<T extends InvalidError>(this: new (message: string, problems?: readonly Problem[]) => T, message: string, field = ''): T {
    return new this(message, [{ field, message }]);
  }

  /** Several problems behind one summary line: `${summary}: ${messages joined by '; '}`. */
  static list(summary: string, problems: readonly Problem[]): InvalidError {
    return new InvalidError(`${summary}: ${problems.map((problem) => problem.message).join('; ')}`, problems);
  }
}

/** A per-user or per-item quota would be exceeded. */
export class LimitReachedError extends InvalidError {}

/** The request conflicts with the current state (already exists, changed meanwhile). */
export class ConflictError extends DomainError {}

/** The input is larger than one request may carry. */
export class TooLargeError extends DomainError {}

/** A backing service (e.g. the exchange) cannot answer right now; a retry later can succeed. */
export class UnavailableError extends DomainError {}

/** The caller could not be authenticated. */
export class UnauthenticatedError extends DomainError {}

/** Too many attempts; a retry can succeed after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
