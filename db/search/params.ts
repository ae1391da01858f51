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
 * Work a live bm25() query may do, in doclist entries walked (see `termCost`). FTS5 counts every
 * match of every phrase before it ranks, so a query over a very common word costs time in proportion
 * to how many documents hold it (about 30–40 ns an entry here). Above this budget the engine reads the
 * precomputed top list of a single term, or takes the first matches in course order.
 */
export const LIVE_COST_BUDGET = 25_000;

/** Documents kept per term and kind in a precomputed top list. */
export const TOP_LIST_SIZE = 50;

/** Document frequencies below this are not stored; a missing term is assumed to have DF_FLOOR - 1. */
export const DF_FLOOR = 32;

/** The key a one-character prefix term (`"X"*`) has in search_df / search_top. */
export const prefixKey = (char: string) => `${char}*`;

/**
 * Estimated doclist entries FTS5 walks for one term: a prefix query merges every token starting
 * with its character (about twice the work of one token); a phrase of n tokens advances all of them
 * but skips ahead on the rarest.
 */
export function termCost(dfs: number[], prefix: boolean): number {
  if (!dfs.length) return 0;
  if (prefix) return 2 * dfs[0];
  return Math.min(...dfs) * dfs.length;
}
