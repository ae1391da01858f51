/**
 * Numbers shared by the index writer and the query side. Changing any of them changes what a
 * content.db holds, so bump CONTENT_SCHEMA_VERSION with them.
 */

/** Rowids of question documents start here; sections count up from 1. A rowid range selects a kind. */
export const QUESTION_ROWID_BASE = 2 ** 31;

/** BM25 as FTS5's bm25() computes it, with the title weighted above the body. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
export const TITLE_WEIGHT = 5;
export const BODY_WEIGHT = 1;

/**
 * What a live bm25() query may cost, in estimated microseconds (see `tierCost`). FTS5 scores every
 * matching row before it can sort (about 1 µs a row) and walks every phrase's doclists twice (matching,
 * then counting for the idf), so a common word costs time in proportion to how many documents hold it.
 * The factors are fitted to timings of random course phrases at 100× the course (bench/searchBench.ts). Above this budget the engine reads the
 * precomputed top list of a single term, merges top lists, ranks only the first matches, or takes the
 * first matches in course order.
 */
export const LIVE_COST_BUDGET = 700;
/** A tier estimated to cost less than this is always ranked over all its matches. */
export const EXACT_COST = 400;
/** Rows of each kind ranked when ranking every match would cost too much: the first in course order. */
export const FIRST_MATCHES = 100;
export const RANK_US = 1;
/** Per entry of a phrase's rarest token, for each of its tokens (they advance together). */
const WALK_US = 0.1;
/** Per entry of every token of a phrase: skipping through the common ones still reads their pages. */
const SCAN_US = 0.007;

/** Documents kept per term and kind in a precomputed top list. */
export const TOP_LIST_SIZE = 50;

/**
 * A term gets a top list when answering it live would cost more than this share of the budget (100 µs),
 * so a tier of several common words can be ranked from lists plus a few cheap live phrases.
 */
export const TOP_LIST_SHARE = 7;

/** Document frequencies below this are not stored; a missing term is assumed to have DF_FLOOR - 1. */
export const DF_FLOOR = 8;

/** The key a one-character prefix term (`"X"*`) has in search_df / search_top. */
export const prefixKey = (char: string) => `${char}*`;

/** Document frequencies of what FTS5 reads for one phrase: its tokens, or the `X*` of a prefix. */
export interface PhraseStats {
  dfs: number[];
  prefix: boolean;
}

/**
 * Microseconds to walk a phrase's doclists: a prefix merges every token starting with its character; a
 * phrase advances all its tokens but skips ahead to the rows of the rarest one.
 */
const walked = (p: PhraseStats) =>
  p.prefix
    ? 2 * WALK_US * (p.dfs[0] ?? 0)
    : p.dfs.length
      ? WALK_US * Math.min(...p.dfs) * p.dfs.length + SCAN_US * p.dfs.reduce((a, df) => a + df, 0)
      : 0;
/** At most this many rows match a phrase: no more than its rarest token. */
const matching = (p: PhraseStats) => (p.dfs.length ? Math.min(...p.dfs) : 0);

export interface TierCost {
  /** Microseconds to walk the doclists (paid by any way of answering the tier). */
  walk: number;
  /** Microseconds for bm25() to score every matching row. */
  rank: number;
  /** Matching rows at most. */
  rows: number;
}

/** Estimated cost for FTS5 to match and bm25()-rank a tier: groups of phrases ORed, groups ANDed (or ORed). */
export function tierCost(groups: PhraseStats[][], op: 'AND' | 'OR'): TierCost {
  const phrases = groups.flat();
  if (!phrases.length) return { walk: 0, rank: 0, rows: 0 };
  const walk = phrases.reduce((a, p) => a + walked(p), 0);
  const rows =
    op === 'OR'
      ? phrases.reduce((a, p) => a + matching(p), 0)
      : Math.min(...groups.map((g) => g.reduce((a, p) => a + matching(p), 0)));
  return { walk, rank: RANK_US * rows, rows };
}
