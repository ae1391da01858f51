/**
 * Runs query plans against the search index of one content.db connection. Each tier takes the cheapest
 * exact path it can: a precomputed top list for a single common term, else FTS5 bm25() over every
 * match when the estimated work fits LIVE_COST_BUDGET, else the first matches in course order (only
 * reached by multi-word queries over very common words in a course many times larger than ours).
 */
import type Database from 'better-sqlite3';
import type { SearchKind } from './buildIndex';
import { normalizeQuery } from './normalizeQuery';
import { textRuns } from './tokenize';
import { BODY_WEIGHT, DF_FLOOR, LIVE_COST_BUDGET, QUESTION_ROWID_BASE, TITLE_WEIGHT, tierCost } from './params';
import { expression, phraseFor, planQuery, type PinyinTerm, type PlanSources, type QueryPlan, type Tier, type TierName } from './queryPlan';

export type RankPath = 'top-list' | 'bm25' | 'course-order';

export interface EngineHit {
  rowid: number;
  kind: SearchKind;
  tier: TierName;
  /** BM25 (higher is better); 0 for hits taken in course order. */
  score: number;
  /** Words to highlight, the tier's own first. */
  terms: string[];
}

export interface EngineResult {
  query: string;
  sections: EngineHit[];
  questions: EngineHit[];
  /** Everything worth highlighting for the tiers that ran, most specific first. */
  terms: string[];
  paths: RankPath[];
}

export interface DocRow {
  kind: SearchKind;
  chapterId: string;
  sectionId: string;
  refId: string;
  title: string;
  body: string;
}

export interface EngineOptions {
  /** Tests set this to compare top lists with live bm25 or to force course order. */
  liveCostBudget?: number;
  useTopLists?: boolean;
}

const kindOf = (rowid: number): SearchKind => (rowid >= QUESTION_ROWID_BASE ? 'question' : 'section');
const CACHE_LIMIT = 20_000;

export class SearchEngine {
  private readonly budget: number;
  private readonly useTopLists: boolean;
  private readonly dfCache = new Map<string, number>();
  private readonly t2sCache = new Map<string, string>();
  private readonly stmt;

  constructor(
    readonly db: Database.Database,
    opts: EngineOptions = {},
  ) {
    this.budget = opts.liveCostBudget ?? LIVE_COST_BUDGET;
    this.useTopLists = opts.useTopLists ?? true;
    this.stmt = {
      t2s: db.prepare('SELECT simp FROM search_t2s WHERE trad = ?').pluck(),
      df: db.prepare('SELECT df FROM search_df WHERE term = ?').pluck(),
      top: db.prepare('SELECT doc, score FROM search_top WHERE term = ? AND kind = ? ORDER BY rank LIMIT ?'),
      live: db.prepare(
        `SELECT rowid, score FROM (
           SELECT rowid, score, row_number() OVER (PARTITION BY rowid >= ${QUESTION_ROWID_BASE} ORDER BY score, rowid) AS n
           FROM (SELECT rowid, bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS score FROM search_fts WHERE search_fts MATCH ?)
         ) WHERE n <= ? ORDER BY rowid >= ${QUESTION_ROWID_BASE}, n`,
      ),
      // Bounds are literals: a bound JS number above 2^31 arrives as a REAL, and FTS5 then ignores it and walks from the start.
      orderedSections: db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid < ${QUESTION_ROWID_BASE} LIMIT ?`).pluck(),
      orderedQuestions: db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid >= ${QUESTION_ROWID_BASE} LIMIT ?`).pluck(),
      all: db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck(),
      pinyin: db
        .prepare(
          `SELECT term, CASE WHEN pinyin = :q THEN 0 WHEN initials = :q THEN 1 WHEN pinyin >= :q AND pinyin < :hi THEN 2 ELSE 3 END AS how
           FROM search_terms
           WHERE pinyin = :q OR initials = :q OR (pinyin >= :q AND pinyin < :hi) OR (initials >= :q AND initials < :hi)
           ORDER BY how, freq DESC, term
           LIMIT :n`,
        ),
      doc: db.prepare(
        'SELECT kind, chapter_id AS chapterId, section_id AS sectionId, ref_id AS refId, title, body FROM search_docs WHERE rowid = ?',
      ),
    };
  }

  toSimplified(ch: string): string {
    let s = this.t2sCache.get(ch);
    if (s === undefined) {
      s = (this.stmt.t2s.get(ch) as string | undefined) ?? ch;
      if (this.t2sCache.size < CACHE_LIMIT) this.t2sCache.set(ch, s);
    }
    return s;
  }

  normalize(raw: string): string {
    return normalizeQuery(raw, (ch) => this.toSimplified(ch));
  }

  /** Course words whose full pinyin or initials are (or start with) these letters, best first. */
  pinyinTerms(letters: string, n = 5): PinyinTerm[] {
    return (this.stmt.pinyin.all({ q: letters, hi: `${letters}{`, n }) as { term: string; how: number }[]).map((r) => ({
      term: r.term,
      exact: r.how === 0,
    }));
  }

  plan(query: string, synonyms: (word: string) => string[] = () => []): QueryPlan {
    const sources: PlanSources = { pinyinTerms: (l) => this.pinyinTerms(l), synonyms };
    return planQuery(query, sources);
  }

  private df(key: string): number {
    let v = this.dfCache.get(key);
    if (v === undefined) {
      v = (this.stmt.df.get(key) as number | undefined) ?? DF_FLOOR - 1;
      if (this.dfCache.size < CACHE_LIMIT) this.dfCache.set(key, v);
    }
    return v;
  }

  /** Estimated microseconds a live bm25() query of this tier takes. */
  cost(tier: Tier): number {
    return tierCost(
      tier.groups.map((g) => g.map((p) => ({ dfs: p.dfKeys.map((k) => this.df(k)), prefix: p.prefix }))),
      tier.op,
    );
  }

  /** Up to `limit` hits per kind for one tier, best first, and how they were ranked. */
  private runTier(tier: Tier, limit: number): { rows: { rowid: number; score: number }[]; path: RankPath } {
    const expr = expression(tier.groups, tier.op);
    const single = tier.groups.length === 1 && tier.groups[0].length === 1 ? tier.groups[0][0] : null;
    if (this.useTopLists && single?.topKey) {
      const rows: { rowid: number; score: number }[] = [];
      for (const kind of ['section', 'question'] as const) {
        for (const r of this.stmt.top.all(single.topKey, kind, limit) as { doc: number; score: number }[]) {
          rows.push({ rowid: r.doc, score: r.score });
        }
      }
      if (rows.length) return { rows, path: 'top-list' };
    }
    if (this.cost(tier) <= this.budget) {
      const rows = (this.stmt.live.all(expr, limit) as { rowid: number; score: number }[]).map((r) => ({
        rowid: r.rowid,
        score: -r.score,
      }));
      return { rows, path: 'bm25' };
    }
    const rows: { rowid: number; score: number }[] = [];
    for (const stmt of [this.stmt.orderedSections, this.stmt.orderedQuestions]) {
      for (const rowid of stmt.all(expr, limit) as number[]) rows.push({ rowid, score: 0 });
    }
    return { rows, path: 'course-order' };
  }

  /** Runs the plan's tiers in order until both kinds hold `limit` hits. */
  search(plan: QueryPlan, limit: number): EngineResult {
    const out: Record<SearchKind, EngineHit[]> = { section: [], question: [] };
    const seen = new Set<number>();
    const terms: string[] = [];
    const paths: RankPath[] = [];
    for (const tier of plan.tiers) {
      if (out.section.length >= limit && out.question.length >= limit) break;
      for (const t of tier.highlight) if (!terms.includes(t)) terms.push(t);
      const { rows, path } = this.runTier(tier, limit + Math.max(out.section.length, out.question.length));
      paths.push(path);
      for (const { rowid, score } of rows) {
        const kind = kindOf(rowid);
        if (seen.has(rowid) || out[kind].length >= limit) continue;
        seen.add(rowid);
        out[kind].push({ rowid, kind, tier: tier.name, score, terms: tier.highlight });
      }
    }
    const withAll = (h: EngineHit): EngineHit => ({ ...h, terms: [...new Set([...h.terms, ...terms])] });
    return { query: plan.query, sections: out.section.map(withAll), questions: out.question.map(withAll), terms, paths };
  }

  /** Every document the query matches as typed (the phrase tier), unranked: for recall checks. */
  matchAll(query: string): number[] {
    const runs = textRuns(query);
    if (!runs.length) return [];
    return this.stmt.all.all(expression(runs.map((r) => [phraseFor(r)]))) as number[];
  }

  doc(rowid: number): DocRow | undefined {
    return this.stmt.doc.get(rowid) as DocRow | undefined;
  }
}
