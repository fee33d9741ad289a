/**
 * RFC 9457 problem details, the one shape of every API error
 * (`application/problem+json`). `type` points at the contract's error list.
 */
export type ProblemField = { path: string; message: string };
export type Problem = { type: string; title: string; status: number; detail: string; errors: ProblemField[] };

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
};

/** An expected API failure: thrown anywhere under the API wrapper, answered as problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: ProblemField[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  toProblem(): Problem {
    return problemOf(this.status, this.detail, this.errors);
  }
}

export function problemOf(status: number, detail: string, errors: ProblemField[] = []): Problem {
  return { type: `https://keel.app/problems/${status}`, title: titles[status] ?? 'Error', status, detail, errors };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return Response.json(problem, { status: problem.status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

/** `['measurements', 3, 'value']` → `measurements[3].value`. */
export function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
