/** Input the person can correct: a malformed key or date, or one outside the supported range. */
export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}
