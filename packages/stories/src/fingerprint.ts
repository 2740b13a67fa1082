/**
 * Near-duplicate fingerprints for story clustering: MinHash over shingles of
 * the body text, and LSH band keys so that a store can find candidates by
 * exact lookup instead of comparing against every article.
 *
 * Parameters were chosen on the labelled pairs in testdata/story-pairs (see
 * the README and `pnpm --filter @tidings/extract stories-report`).
 */

/** Hash functions per signature. 128 keeps the Jaccard estimate's standard error under 0.045. */
export const SIGNATURE_SIZE = 128;
/** Signature rows per LSH band; the signature splits into `floor(SIGNATURE_SIZE / LSH_ROWS)` bands. */
export const LSH_ROWS = 2;
/** Estimated Jaccard similarity at or above which two articles tell the same story. */
export const SAME_STORY_THRESHOLD = 0.32;

/** Words per shingle for space-separated scripts. */
const WORD_SHINGLE = 3;
/** Characters per shingle for Chinese, Japanese and Korean text. */
const CJK_SHINGLE = 3;

// Hangul, Han ideographs and kana. Korean separates words with spaces, but its
// particles and endings glue onto nouns (서울시는 / 서울시가), so word shingles
// would miss most overlap; character n-grams see through that, as they do for
// Chinese and Japanese, which have no spaces at all.
const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const TOKEN = /[\p{L}\p{N}]+/gu;

// Fixed seeds: signatures are stored and compared across processes and
// releases, so they must never change without re-fingerprinting everything.
const SEEDS = (() => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  let state = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    state = fmix32((state + 0x6d2b79f5) >>> 0);
    seeds[i] = state;
  }
  return seeds;
})();

/**
 * The MinHash signature of a text: {@link SIGNATURE_SIZE} 32-bit minima. Two
 * signatures agree in a share of positions close to the Jaccard similarity of
 * the texts' shingle sets. An empty text gets an all-0xffffffff signature,
 * which {@link estimateJaccard} treats as similar to nothing.
 */
export function fingerprint(text: string): Uint32Array {
  const shingles = shingleHashes(text);
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      // XOR with a seed, then a full-avalanche mix: a cheap family of hash
      // functions whose minima behave like random permutations.
      const h = fmix32((shingle ^ (SEEDS[i] as number)) >>> 0);
      if (h < (signature[i] as number)) signature[i] = h;
    }
  }
  return signature;
}

/** Share of positions where two signatures agree: an estimate of the texts' Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length: ${a.length} and ${b.length}`);
  let same = 0;
  let empty = true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== 0xffffffff) empty = false;
    if (a[i] === b[i]) same++;
  }
  return empty ? 0 : same / a.length;
}

/**
 * One key per LSH band (index = band): two signatures sharing any key are
 * candidates. The key hashes the band's rows, so it is short; a rare collision
 * only adds a candidate that the Jaccard check then rejects.
 */
export function lshBandKeys(signature: Uint32Array, rows: number = LSH_ROWS): string[] {
  if (!Number.isInteger(rows) || rows < 1 || rows > signature.length)
    throw new RangeError(`cannot make bands of ${rows} rows`);
  // Leftover hashes (128 = 42 × 3 + 2 with three rows) only serve the Jaccard estimate.
  const bands = Math.floor(signature.length / rows);
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    let h = 0x811c9dc5 ^ band;
    for (let r = 0; r < rows; r++)
      h = fmix32((h ^ (signature[band * rows + r] as number)) >>> 0) ^ Math.imul(h, 0x01000193);
    keys.push((h >>> 0).toString(36));
  }
  return keys;
}

/**
 * The decision a story index makes: the two signatures share an LSH band
 * (so one would find the other) and their estimated Jaccard reaches the threshold.
 */
export function sameStory(
  a: Uint32Array,
  b: Uint32Array,
  options: { rows?: number; threshold?: number } = {},
): boolean {
  const keysA = lshBandKeys(a, options.rows);
  const keysB = lshBandKeys(b, options.rows);
  if (!keysA.some((key, band) => keysB[band] === key)) return false;
  return estimateJaccard(a, b) >= (options.threshold ?? SAME_STORY_THRESHOLD);
}

/** A signature as base64, to cross a thread boundary or sit in Redis compactly. */
export function encodeSignature(signature: Uint32Array): string {
  return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');
}

/** The inverse of {@link encodeSignature}; throws on a string of the wrong length. */
export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== SIGNATURE_SIZE * 4)
    throw new RangeError(`a signature is ${SIGNATURE_SIZE * 4} bytes, got ${bytes.length}`);
  // Copy into a fresh, aligned buffer: Buffer.from may return a slice of a shared pool.
  const signature = new Uint32Array(SIGNATURE_SIZE);
  new Uint8Array(signature.buffer).set(bytes);
  return signature;
}

/**
 * The distinct shingle hashes of a text. The script decides the shingle:
 * mostly-CJK text gets character n-grams, anything else word n-grams.
 */
export function shingleHashes(text: string): Set<number> {
  const tokens = text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
  return isMostlyCjk(tokens)
    ? ngramHashes(Array.from(tokens.join('')), CJK_SHINGLE, '')
    : ngramHashes(tokens, WORD_SHINGLE, ' ');
}

/** Hashes of every run of `size` consecutive units; a text shorter than one run is one shingle. */
function ngramHashes(units: string[], size: number, separator: string): Set<number> {
  const hashes = new Set<number>();
  if (units.length < size) {
    if (units.length > 0) hashes.add(fnv1a(units.join(separator)));
    return hashes;
  }
  for (let i = 0; i + size <= units.length; i++) hashes.add(fnv1a(units.slice(i, i + size).join(separator)));
  return hashes;
}

function isMostlyCjk(tokens: string[]): boolean {
  let cjk = 0;
  for (const token of tokens) if (CJK.test(token)) cjk++;
  return cjk * 2 > tokens.length;
}

/** FNV-1a over UTF-16 code units, finished with a mix so that similar strings spread. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h >>> 0);
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
