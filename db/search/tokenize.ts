/**
 * Tokens for the FTS5 index: every run of CJK characters becomes its overlapping bigrams followed by
 * its last character (so a one-character prefix query `X*` finds X anywhere), other letters and digits
 * become lower-case words. A CJK query of n ≥ 2 characters is the phrase of its bigrams, which matches
 * exactly where the text contains the query as a substring (queryPlan.ts `phraseFor`).
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** CJK runs, and runs of other letters and digits (which must stop where CJK starts: 10000号 is two runs). */
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|(?:(?![\u3400-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu;

/** The runs of `text` that tokens are made from (see RUNS); `text` is expected to be normalised. */
export function textRuns(text: string): string[] {
  return text.match(RUNS) ?? [];
}

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function cjkRun(run: string): boolean {
  return CJK.test(run[0] ?? '');
}

export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const run of normalizeText(text).match(RUNS) ?? []) {
    if (!cjkRun(run)) {
      out.push(run);
      continue;
    }
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    out.push(chars[chars.length - 1]);
  }
  return out.join(' ');
}

/** Markdown to the plain text that search indexes and snippets show. */
export function markdownToPlain(md: string): string {
  return md
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*(>+|[-*+]|\d+\.)\s+/, '')
        .replace(/^\s*\|?\s*:?-{3,}.*$/, '')
        .replace(/\*\*|__|`/g, '')
        .replace(/\s*\|\s*/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join('\n');
}
