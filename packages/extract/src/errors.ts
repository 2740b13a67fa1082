/**
 * The page holds no article text at all. Retrying cannot help: the same
 * bytes give the same result, so callers treat it as a permanent failure.
 */
export class ExtractError extends Error {
  override readonly name = 'ExtractError';
}
