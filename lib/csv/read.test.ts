import { describe, expect, it } from 'vitest';
import { readTextUpTo } from './read';

function streamOf(chunks: Uint8Array[]) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[pulled++];
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return { stream, pulled: () => pulled };
}

describe('reading an uploaded file', () => {
  it('decodes UTF-8 split across chunks and keeps a byte-order mark for the parser', async () => {
    const bytes = new TextEncoder().encode('\ufeffmetric,note\nx,café');
    const { stream } = streamOf([bytes.slice(0, 5), bytes.slice(5, bytes.length - 1), bytes.slice(bytes.length - 1)]);
    expect(await readTextUpTo(stream)).toEqual({ ok: true, text: '\ufeffmetric,note\nx,café', bytes: bytes.length });
  });

  it('stops as soon as the limit is passed, without reading the rest', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    const { stream, pulled } = streamOf(Array.from({ length: 8 }, () => chunk));
    expect(await readTextUpTo(stream)).toEqual({ ok: false, error: 'The file is larger than 5 MB' });
    expect(pulled()).toBeLessThanOrEqual(7);
    const exact = streamOf(Array.from({ length: 5 }, () => chunk));
    expect((await readTextUpTo(exact.stream)).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const { stream } = streamOf([new Uint8Array([0x6d, 0x65, 0xe9, 0x0a])]);
    expect(await readTextUpTo(stream)).toEqual({ ok: false, error: 'The file is not UTF-8 text: save it as “CSV UTF-8” and try again' });
  });

  it('reads an empty body as empty text', async () => {
    expect(await readTextUpTo(null)).toEqual({ ok: true, text: '', bytes: 0 });
  });
});

describe('reading an upload that fails', () => {
  it('passes on a failure of the stream itself', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new RangeError('connection reset'));
      },
    });
    await expect(readTextUpTo(stream)).rejects.toThrow('connection reset');
  });
});
