import { z } from 'zod';
import { ADMIN, COURSE_READERS, noInput, returns, text, type CallSpec } from './define';

/** [start, end) UTF-16 offsets into the text they belong to. */
export type HighlightRange = [number, number];

export interface SearchSnippet {
  text: string;
  highlights: HighlightRange[];
}

/** Which tier of the query found a hit: as typed, via pinyin, via its words (AND), or any word (OR). */
export type SearchMatch = 'phrase' | 'pinyin' | 'words' | 'any';

export interface SearchHit {
  kind: 'section' | 'question';
  chapterId: string;
  chapterTitle: string;
  /** The section the hit is (or, for a question, the section it practises). */
  sectionId: string;
  sectionTitle: string;
  /** Section id or question id. */
  refId: string;
  /** Section title, or the question's stem (never its key or explanation). */
  title: string;
  titleHighlights: HighlightRange[];
  snippet: SearchSnippet;
  /** BM25 within its tier, higher is better; hits are already in rank order. */
  score: number;
  match: SearchMatch;
}

export interface SearchResult {
  /** The query as searched: normalised, Simplified, at most 64 characters. */
  query: string;
  /** Words to highlight when a hit is opened (includes pinyin and synonym expansions). */
  terms: string[];
  sections: SearchHit[];
  questions: SearchHit[];
}

export interface SynonymGroups {
  groups: string[][];
}

/** Longer input is accepted and cut to the first 64 characters by the service. */
export const SEARCH_INPUT_MAX = 10_000;
export const SEARCH_LIMIT_MAX = 50;
export const SYNONYM_TERM_MAX = 20;

export const searchCalls = {
  'search.query': {
    input: z.strictObject({
      query: text(SEARCH_INPUT_MAX),
      limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).optional(),
    }),
    output: returns<SearchResult>(),
    roles: COURSE_READERS,
  },
  'search.listSynonyms': { input: noInput, output: returns<SynonymGroups>(), roles: COURSE_READERS },
  /** Replaces the whole synonym table. A term may belong to one group only. */
  'search.setSynonyms': {
    input: z.strictObject({
      groups: z.array(z.array(text(SYNONYM_TERM_MAX, 1)).min(2).max(20)).max(200),
    }),
    output: returns<SynonymGroups>(),
    roles: ADMIN,
  },
} as const satisfies Record<string, CallSpec>;
