import type { SearchHit, SearchResult } from '../../../../electron/shared/calls/search';
import { href } from '../../router';

const MAX_TERMS = 8;

/**
 * Where a hit opens: its section in the reader, with the words to highlight after `?hl=`: the query
 * as typed for a hit that contains it, else every word the search expanded it to.
 */
export function hitHref(hit: SearchHit, result: Pick<SearchResult, 'query' | 'terms'>): string {
  const base = href({ name: 'chapter', chapterId: hit.chapterId, sectionId: hit.sectionId });
  const terms = hit.match === 'phrase' ? result.query.split(' ') : result.terms;
  const hl = terms.slice(0, MAX_TERMS).join(' ');
  return hl ? `${base}?hl=${encodeURIComponent(hl)}` : base;
}

/** The words to highlight, read from the current hash (`…?hl=投诉 抱怨`). */
export function highlightTerms(hash: string): string[] {
  const at = hash.indexOf('?');
  if (at < 0) return [];
  const hl = new URLSearchParams(hash.slice(at + 1)).get('hl') ?? '';
  return hl
    .split(' ')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0 && t.length <= 64)
    .slice(0, MAX_TERMS);
}
