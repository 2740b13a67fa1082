import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Thrown when a body, raw or decoded, exceeds the byte cap. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

type Inflate = (input: Buffer, options: zlib.ZlibOptions | zlib.BrotliOptions) => Promise<Buffer>;

const gunzip: Inflate = promisify(zlib.gunzip);
const inflate: Inflate = promisify(zlib.inflate);
const inflateRaw: Inflate = promisify(zlib.inflateRaw);
const brotli: Inflate = promisify(zlib.brotliDecompress);

/**
 * Reads a response body into memory, refusing more than `maxBytes` on the wire.
 * Compressed bytes are capped too, so a slow or endless stream cannot grow memory before decoding.
 */
export async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Undoes the Content-Encoding codings (applied in order, so undone in reverse) with the decoded
 * size capped at `maxBytes`: zlib stops at `maxOutputLength`, so a gzip bomb never inflates past the cap.
 * Unknown codings are passed through, as browsers do for bogus labels like "utf-8".
 */
export async function decodeContent(raw: Buffer, contentEncoding: string | undefined, maxBytes: number) {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let data = raw;
  try {
    for (const coding of codings.reverse()) data = await undo(coding, data, maxBytes);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLargeError(maxBytes);
    throw error;
  }
  if (data.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
  return data;
}

function undo(coding: string, data: Buffer, maxBytes: number): Promise<Buffer> {
  if (data.byteLength === 0) return Promise.resolve(data);
  // A truncated stream still yields what was decoded so far instead of failing the whole body.
  const options = { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzip(data, options);
    case 'deflate':
      // RFC 9110 says zlib-wrapped, but some servers send raw deflate; the zlib header tells them apart.
      return hasZlibHeader(data) ? inflate(data, options) : inflateRaw(data, options);
    case 'br':
      return brotli(data, {
        maxOutputLength: maxBytes,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return Promise.resolve(data);
  }
}

function hasZlibHeader(data: Buffer): boolean {
  const cmf = data[0] ?? 0;
  const flg = data[1] ?? 0;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}
