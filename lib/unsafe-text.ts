/**
 * Text no field may hold, checked once over every request's input (the action
 * runner, parseInput, the API handler, CSV rows) rather than per schema:
 * control characters (PostgreSQL refuses NUL outright, which surfaced as a
 * 500; the others are invisible and break display and exports), lone UTF-16
 * surrogates, and bidirectional controls left open, which make text read
 * differently from what it is ("invoice\u202Efdp.exe").
 * Tabs and line breaks are text (a textarea sends CRLF) and pass.
 */

export type UnsafeText = { path: (string | number)[]; message: string };

const EMBEDDING_OPENERS = new Set([0x202a, 0x202b, 0x202d, 0x202e]);
const POP_DIRECTIONAL_FORMATTING = 0x202c;
const ISOLATE_OPENERS = new Set([0x2066, 0x2067, 0x2068]);
const POP_DIRECTIONAL_ISOLATE = 0x2069;
const PARAGRAPH_ENDS = new Set([0x0a, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2029]);

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;

const unpaired = (code: number) =>
  `Remove the unpaired direction control ${hex(code)} (it makes the text read differently from what it is), or close it`;

/** Why this text cannot be stored, or null when it can. */
export function unsafeTextProblem(text: string): string | null {
  // Open embeddings/overrides ('e') and isolates ('i'), each with its character; closed in order, by the end of the paragraph.
  const open: { kind: 'e' | 'i'; code: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code)) return `Remove the control character ${hex(code)} (only tabs and line breaks may be in text)`;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return `This text is not valid Unicode (a lone surrogate ${hex(code)})`;
    } else if (EMBEDDING_OPENERS.has(code)) open.push({ kind: 'e', code });
    else if (ISOLATE_OPENERS.has(code)) open.push({ kind: 'i', code });
    else if (code === POP_DIRECTIONAL_FORMATTING || code === POP_DIRECTIONAL_ISOLATE) {
      if (open.at(-1)?.kind !== (code === POP_DIRECTIONAL_FORMATTING ? 'e' : 'i')) return unpaired(code);
      open.pop();
    } else if (PARAGRAPH_ENDS.has(code) && open.length) return unpaired(open[0]!.code);
  }
  return open.length ? unpaired(open[0]!.code) : null;
}

/** Every string in a form's or a JSON body's values (not files), with its path. */
export function findUnsafeText(value: unknown, path: (string | number)[] = []): UnsafeText[] {
  if (typeof value === 'string') {
    const message = unsafeTextProblem(value);
    return message ? [{ path, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findUnsafeText(item, [...path, index]));
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.entries(value).flatMap(([key, item]) => findUnsafeText(item, [...path, key]));
  }
  return [];
}
