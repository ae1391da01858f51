/**
 * Snippets and highlight ranges, cut in JS from the plain text of a hit. Offsets are UTF-16 indices
 * into the returned text, so the renderer can wrap them in <mark> without parsing any HTML.
 */
export type Range = [number, number];

export interface Snippet {
  text: string;
  highlights: Range[];
}

const SNIPPET_CHARS = 90;
const HAN_ONLY = /^[\u3400-\u4dbf\u4e00-\u9fff]*$/;
/**
 * Characters NFKC turns into letters, digits or ideographs a query can hold (compatibility
 * ideographs, radicals, enclosed and full-width forms, ligatures). Text without them can be searched
 * as it is: Chinese terms exactly, others ignoring case.
 */
const FOLDS = /[\u2460-\u24ff\u2e80-\u2fdf\u3200-\u33ff\uf900-\ufaff\ufb00-\ufb06\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/;
const patterns = new Map<string, RegExp>();
function caseless(term: string): RegExp {
  let re = patterns.get(term);
  if (!re) {
    re = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
    if (patterns.size > 500) patterns.clear();
    patterns.set(term, re);
  }
  re.lastIndex = 0;
  return re;
}
const CASED = /[A-Z\u00c0-\u024f\u0370-\u052f\u1e00-\u1fff\u2c00-\u2c7f\ua640-\ua7ff\uff21-\uff3a]/;
const CONTEXT_BEFORE = 24;

/**
 * The text folded the way queries are (NFKC, lower case) with, for each folded UTF-16 index, the index
 * it came from. When folding keeps the length (nearly always for course text) the mapping is 1:1.
 */
function fold(text: string): { folded: string; origin: (i: number) => number } {
  let whole = text.normalize('NFKC');
  // toLowerCase is slow on CJK text; only letters of cased scripts need it.
  if (CASED.test(whole)) whole = whole.toLowerCase();
  if (whole.length === text.length) return { folded: whole, origin: (i) => i };
  const parts: string[] = [];
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = ch.normalize('NFKC').toLowerCase();
    parts.push(f);
    for (let k = 0; k < f.length; k++) map.push(i);
    i += ch.length;
  }
  map.push(text.length);
  return { folded: parts.join(''), origin: (j) => map[Math.min(j, map.length - 1)] };
}

/** The ranges sorted and overlapping ones joined, in place. */
function merge(ranges: Range[]): Range[] {
  if (ranges.length < 2) return ranges;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let n = 0;
  for (const r of ranges) {
    const last = n > 0 ? ranges[n - 1] : null;
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else ranges[n++] = r;
  }
  ranges.length = n;
  return ranges;
}

/**
 * Adds to `into`, term by term (already normalised, in priority order), the occurrences in `text` that
 * start in [from, to), at most `max` of each, in original offsets.
 */
function collect(text: string, terms: readonly string[], into: Range[], from = 0, to = text.length, max = 1000): Range[] {
  if (!FOLDS.test(text)) {
    for (const term of terms) {
      if (!term) continue;
      let n = 0;
      if (HAN_ONLY.test(term)) {
        for (let at = text.indexOf(term, from); at >= 0 && at < to && n < max; at = text.indexOf(term, at + term.length), n++) {
          into.push([at, at + term.length]);
        }
      } else {
        const re = caseless(term);
        re.lastIndex = from;
        for (let m = re.exec(text); m && m.index < to && n < max; m = re.exec(text), n++) into.push([m.index, m.index + m[0].length]);
      }
    }
    return into;
  }
  const { folded, origin } = fold(text);
  for (const term of terms) {
    if (!term) continue;
    let n = 0;
    for (let at = folded.indexOf(term); at >= 0 && n < max; at = folded.indexOf(term, at + term.length)) {
      const range: Range = [origin(at), origin(at + term.length)];
      if (range[0] >= to) break;
      if (range[0] >= from) {
        into.push(range);
        n++;
      }
    }
  }
  return into;
}

/** Every occurrence of any term in `text`, merged. */
export function findMatches(text: string, terms: readonly string[]): Range[] {
  if (!text || !terms.length) return [];
  return merge(collect(text, terms, []));
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * A window of the text around the first match of the first term that occurs (terms in priority
 * order), with every match inside it highlighted. Newlines become spaces; cut ends get an ellipsis.
 * `matched` says whether any term occurs in the text at all.
 */
export function makeSnippet(text: string, terms: readonly string[], width = SNIPPET_CHARS): Snippet & { matched: boolean } {
  // The first match of the first term that occurs decides the window; only the matches inside it are
  // looked for then.
  let anchor = -1;
  for (let i = 0; i < terms.length && anchor < 0 && text; i++) anchor = collect(text, [terms[i]], [], 0, text.length, 1)[0]?.[0] ?? -1;
  const matched = anchor >= 0;
  if (!matched) anchor = 0;
  let start = Math.max(0, anchor - CONTEXT_BEFORE);
  const lineStart = text.lastIndexOf('\n', anchor - 1);
  if (lineStart >= start) start = lineStart + 1;
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  let end = Math.min(text.length, start + width);
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const body = text.slice(start, end).replace(/\n/g, ' ');
  let longest = 0;
  for (const t of terms) longest = Math.max(longest, t.length);
  const matches = matched ? merge(collect(text, terms, [], Math.max(0, start - longest), end)) : [];
  // Shifted into the snippet's offsets in place (the ranges are this call's own).
  let n = 0;
  for (const r of matches) {
    if (r[1] <= start || r[0] >= end) continue;
    r[0] = Math.max(r[0], start) - start + lead.length;
    r[1] = Math.min(r[1], end) - start + lead.length;
    matches[n++] = r;
  }
  matches.length = n;
  return { text: lead + body + tail, highlights: matches, matched };
}
