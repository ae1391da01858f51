/**
 * What a typed query becomes before anything is looked up: NFKC, lower case, Traditional characters
 * mapped to Simplified, everything that is not a letter, digit or CJK character turned into a space,
 * and at most MAX_QUERY_CHARS characters. The result never carries FTS5 syntax: quotes, stars,
 * brackets, colons and operators are gone, and words like OR/NEAR are later quoted as plain terms.
 */
export const MAX_QUERY_CHARS = 64;

/** Longer input is cut before normalising, so a pasted page costs no more than a short query. */
const MAX_RAW_CHARS = 4 * MAX_QUERY_CHARS;

const CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;
const KEEP = /[\u3400-\u9fff\uf900-\ufaff\p{L}\p{N}]/u;

export function isCjkChar(ch: string): boolean {
  return CJK_CHAR.test(ch);
}

export function normalizeQuery(raw: string, toSimplified: (ch: string) => string): string {
  const text = raw.slice(0, MAX_RAW_CHARS).normalize('NFKC').toLowerCase();
  const out: string[] = [];
  let count = 0;
  let space = false;
  for (const ch of text) {
    if (!KEEP.test(ch)) {
      space = out.length > 0;
      continue;
    }
    if (space) {
      if (count + 1 >= MAX_QUERY_CHARS) break;
      out.push(' ');
      count++;
      space = false;
    }
    const mapped = isCjkChar(ch) ? toSimplified(ch) : ch;
    for (const m of mapped) {
      if (count >= MAX_QUERY_CHARS) break;
      out.push(m);
      count++;
    }
    if (count >= MAX_QUERY_CHARS) break;
  }
  return out.join('');
}
