/**
 * A failure the person can act on (a taken email, a rule broken). Thrown
 * inside a transaction, it rolls the transaction back and reaches the form as
 * `{ ok: false, error, fieldErrors }`; any other error is a bug and is logged.
 */
export class ExpectedError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly code: 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unauthenticated' = 'invalid',
  ) {
    super(message);
    this.name = 'ExpectedError';
  }
}
