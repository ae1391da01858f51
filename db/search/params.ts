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
 * matching row before it can sort (about 0.7 µs a row here) and walks every phrase's doclist twice
 * (matching, then counting for the idf; about 0.05 µs an entry), so a common word costs time in
 * proportion to how many documents hold it. Above this budget the engine reads the precomputed top
 * list of a single term, or takes the first matches in course order.
 */
export const LIVE_COST_BUDGET = 1_000;
const RANK_US = 0.7;
const WALK_US = 0.05;

/** Documents kept per term and kind in a precomputed top list. */
export const TOP_LIST_SIZE = 50;

/**
 * A term gets a top list when answering it live would cost more than this share of the budget, so a
 * tier of several common words can be ranked from lists plus a few cheap live phrases.
 */
export const TOP_LIST_SHARE = 10;

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
 * Doclist entries walked for a phrase: a prefix merges every token starting with its character; a
 * phrase advances all its tokens but skips ahead to the rows of the rarest one.
 */
const walked = (p: PhraseStats) => (p.prefix ? 2 * (p.dfs[0] ?? 0) : p.dfs.length ? Math.min(...p.dfs) * p.dfs.length : 0);
/** At most this many rows match a phrase: no more than its rarest token. */
const matching = (p: PhraseStats) => (p.dfs.length ? Math.min(...p.dfs) : 0);

export interface TierCost {
  /** Microseconds to walk the doclists (paid by any way of answering the tier). */
  walk: number;
  /** Microseconds for bm25() to score every matching row. */
  rank: number;
}

/** Estimated cost for FTS5 to match and bm25()-rank a tier: groups of phrases ORed, groups ANDed (or ORed). */
export function tierCost(groups: PhraseStats[][], op: 'AND' | 'OR'): TierCost {
  const phrases = groups.flat();
  if (!phrases.length) return { walk: 0, rank: 0 };
  const walk = phrases.reduce((a, p) => a + walked(p), 0);
  const rows =
    op === 'OR'
      ? phrases.reduce((a, p) => a + matching(p), 0)
      : Math.min(...groups.map((g) => g.reduce((a, p) => a + matching(p), 0)));
  return { walk: WALK_US * walk, rank: RANK_US * rows };
}
