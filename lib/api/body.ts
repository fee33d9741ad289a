import { unstorableJsonNumbers } from '@/lib/metrics/storable-number';
import { ApiError, pathOf } from './problem';

/** The contract's cap on request bodies. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Deeper JSON is refused before parsing: no request needs it, and walking it would cost stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Reads a JSON body without ever holding more than `maxBytes`: a declared
 * Content-Length over the cap is refused before reading, and the bytes are
 * counted as they stream in (a lying or absent Content-Length does not help).
 * Returns the raw text (for the idempotency hash) and the parsed value.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<{ text: string; json: unknown }> {
  const type = request.headers.get('content-type') ?? '';
  const mediaType = type.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(mediaType)) {
    throw new ApiError(415, 'Send the body as JSON with Content-Type: application/json.');
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(request, maxBytes);
  if (text.trim() === '') throw new ApiError(400, 'The body is empty; send a JSON object.');
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new ApiError(400, `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
  // JSON.parse has already turned 1e-400 into 0 and 9007199254740993 into …992: only the text can tell.
  const unstorable = unstorableJsonNumbers(text);
  if (unstorable.length) {
    throw new ApiError(422, 'The request breaks the rules listed in errors; nothing was saved.', unstorable.map(({ path, message }) => ({ path: pathOf(path), message })));
  }
  return { text, json };
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'The body is not valid UTF-8.');
  }
}

/** The deepest nesting of arrays and objects, counted in one pass over the text (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

function tooLarge(maxBytes: number) {
  return new ApiError(413, `The body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; send fewer values per request.`);
}
