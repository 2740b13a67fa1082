/**
 * A request value as a Meilisearch filter string literal: the one place user
 * input enters filter syntax. Backslashes are doubled before quotes are
 * escaped, so a value's own `\` can never escape the quote that follows it
 * (or the closing one); Meilisearch unescapes `\"` then `\\` and gets the value back.
 */
export const quoteFilterValue = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
