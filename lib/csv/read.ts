/** The largest file the measurement import reads (5 MiB). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const fileTooLargeMessage = 'The file is larger than 5 MB';

/**
 * Reads a request body as UTF-8 text, stopping as soon as it passes
 * `maxBytes` (the rest is never read). Refuses bytes that are not UTF-8.
 */
export async function readTextUpTo(
  body: ReadableStream<Uint8Array> | null,
  maxBytes = MAX_CSV_BYTES,
): Promise<{ ok: true; text: string; bytes: number } | { ok: false; error: string }> {
  if (!body) return { ok: true, text: '', bytes: 0 };
  const reader = body.getReader();
  // fatal: a file saved in another encoding is refused rather than read as garbled keys and notes.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let bytes = 0;
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel();
        return { ok: false, error: fileTooLargeMessage };
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) return { ok: false, error: 'The file is not UTF-8 text: save it as “CSV UTF-8” and try again' };
    throw error;
  }
  return { ok: true, text, bytes };
}
