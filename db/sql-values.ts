/** `{a,b}` for a uuid[], date[] or text[] parameter: both databases bind it as one text value. */
export const arrayLiteral = (values: Iterable<string>) => `{${[...values].map((v) => `"${v}"`).join(',')}}`;

/** A json value built in a query: PGlite hands it back decoded, postgres.js as text. */
export const decodeJson = <T>(x: T | string): T => (typeof x === 'string' ? (JSON.parse(x) as T) : x);
