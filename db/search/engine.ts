/**
 * Runs query plans against the search index of one content.db connection. Each tier takes the cheapest
 * path that ranks it by BM25:
 *   top-list      a single common term: its precomputed top documents;
 *   bm25          FTS5 bm25() over every match, when the estimated work is small (EXACT_COST);
 *   merged-lists  several common words: candidates from each word's top list, scored by summed BM25;
 *   first-matches bm25() over the first FIRST_MATCHES matches of each kind in course order, when
 *                 ranking them all would cost more than that is worth (FTS5 scores every row it ranks);
 * and only when none applies (a long phrase of very common words in a course many times ours):
 *   course-order  the first matches in course order, for the query as typed; or
 *   skipped       an expansion (pinyin, words) too costly to answer, left out.
 */
import type Database from 'better-sqlite3';
import type { SearchDoc, SearchKind } from './buildIndex';
import { normalizeQuery } from './normalizeQuery';
import { textRuns } from './tokenize';
import { unpackTopList } from './topList';
import {
  BODY_WEIGHT,
  DF_FLOOR,
  EXACT_COST,
  FIRST_MATCHES,
  LIVE_COST_BUDGET,
  RANK_US,
  QUESTION_ROWID_BASE,
  TITLE_WEIGHT,
  TOP_LIST_SHARE,
  TOP_LIST_SIZE,
  tierCost,
  type TierCost,
} from './params';
import { expression, phraseFor, planQuery, type PinyinTerm, type PlanSources, type QueryPlan, type Tier, type TierName } from './queryPlan';

export type RankPath = 'top-list' | 'bm25' | 'merged-lists' | 'first-matches' | 'course-order' | 'skipped';

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

interface Row {
  rowid: number;
  score: number;
}

export interface EngineOptions {
  /** Tests set these to compare top lists with live bm25 or to force course order. */
  liveCostBudget?: number;
  exactCost?: number;
  useTopLists?: boolean;
}

/** The kinds a tier still has to find hits for. */
type Kinds = readonly SearchKind[];
const BOTH: Kinds = ['section', 'question'];

/** The unsure groups of a candidate that is sure of all (shared, never changed). */
const NONE_UNSURE: never[] = [];

const kindOf = (rowid: number): SearchKind => (rowid >= QUESTION_ROWID_BASE ? 'question' : 'section');
const CACHE_LIMIT = 20_000;

export class SearchEngine {
  private readonly budget: number;
  private readonly exactCost: number;
  private readonly useTopLists: boolean;
  private readonly dfCache = new Map<string, number>();
  private readonly t2sCache = new Map<string, string>();
  /** Each phrase's best rows, read once per search even when several tiers use it. */
  private readonly phraseRows = new Map<string, Row[]>();
  private readonly stmt;

  constructor(
    readonly db: Database.Database,
    opts: EngineOptions = {},
  ) {
    this.budget = opts.liveCostBudget ?? LIVE_COST_BUDGET;
    this.exactCost = Math.min(opts.exactCost ?? EXACT_COST, this.budget);
    this.useTopLists = opts.useTopLists ?? true;
    this.stmt = {
      t2s: db.prepare('SELECT simp FROM search_t2s WHERE trad = ?').pluck(),
      df: db.prepare('SELECT df FROM search_df WHERE term = ?').pluck(),
      top: db.prepare('SELECT sections, questions FROM search_top WHERE term = ?').raw(),
      tops: db.prepare('SELECT term, sections, questions FROM search_top WHERE term IN (SELECT value FROM json_each(?))').raw(),
      live: db.prepare(
        `SELECT rowid, score FROM (
           SELECT rowid, score, row_number() OVER (PARTITION BY rowid >= ${QUESTION_ROWID_BASE} ORDER BY score, rowid) AS n
           FROM (SELECT rowid, bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS score FROM search_fts WHERE search_fts MATCH ?)
         ) WHERE n <= ? ORDER BY rowid >= ${QUESTION_ROWID_BASE}, n`,
      ),
      // When one kind is already full, only the other is ranked.
      liveSections: db.prepare(
        `SELECT rowid, bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS score FROM search_fts
         WHERE search_fts MATCH ? AND rowid < ${QUESTION_ROWID_BASE} ORDER BY score, rowid LIMIT ?`,
      ),
      liveQuestions: db.prepare(
        `SELECT rowid, bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS score FROM search_fts
         WHERE search_fts MATCH ? AND rowid >= ${QUESTION_ROWID_BASE} ORDER BY score, rowid LIMIT ?`,
      ),
      // The first matches of each kind up to a rowid bound (found by `nth…`), ranked in one pass, so that
      // FTS5 counts each phrase for its idf once.
      firstRanked: db.prepare(
        `SELECT rowid, score FROM (
           SELECT rowid, score, row_number() OVER (PARTITION BY rowid >= ${QUESTION_ROWID_BASE} ORDER BY score, rowid) AS n
           FROM (SELECT rowid, bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS score FROM search_fts
                 WHERE search_fts MATCH :expr AND (rowid <= :sections OR rowid BETWEEN ${QUESTION_ROWID_BASE} AND :questions))
         ) WHERE n <= :limit ORDER BY rowid >= ${QUESTION_ROWID_BASE}, n`,
      ),
      nthSection: db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid < ${QUESTION_ROWID_BASE} LIMIT 1 OFFSET ?`).pluck(),
      nthQuestion: db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid >= ${QUESTION_ROWID_BASE} LIMIT 1 OFFSET ?`).pluck(),
      // Bounds are literals: a bound JS number above 2^31 arrives as a REAL, and FTS5 then ignores it and walks from the start.
      orderedSections: db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid < ${QUESTION_ROWID_BASE} LIMIT ?`).pluck(),
      orderedQuestions: db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid >= ${QUESTION_ROWID_BASE} LIMIT ?`).pluck(),
      all: db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck(),
      pinyin: db.prepare(
        `SELECT term, CASE WHEN pinyin = :q THEN 0 WHEN initials = :q THEN 1 WHEN pinyin >= :q AND pinyin < :hi THEN 2 ELSE 3 END AS how
         FROM search_terms
         WHERE pinyin = :q OR initials = :q OR (pinyin >= :q AND pinyin < :hi) OR (initials >= :q AND initials < :hi)
         ORDER BY how, freq DESC, term
         LIMIT :n`,
      ),
      texts: db.prepare(
        "SELECT rowid, title || '\n' || body AS text FROM search_docs WHERE rowid IN (SELECT value FROM json_each(?))",
      ),
      // One statement for all hits: each better-sqlite3 call costs more than reading a row.
      docs: db.prepare(
        `SELECT rowid, kind, chapter_id AS chapterId, section_id AS sectionId, ref_id AS refId, title, body,
                chapter_title AS chapterTitle, section_title AS sectionTitle,
                CASE WHEN body = '' THEN first_child END AS firstChild
         FROM search_docs WHERE rowid IN (SELECT value FROM json_each(?))`,
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
  cost(tier: Tier): TierCost {
    return tierCost(
      tier.groups.map((g) => g.map((p) => ({ dfs: p.dfKeys.map((k) => this.df(k)), prefix: p.prefix }))),
      tier.op,
    );
  }

  /** A single term's precomputed top documents (both kinds), best first; null when it has no list. */
  private topList(key: string | null, limit: number): Row[] | null {
    if (!this.useTopLists || !key) return null;
    const row = this.stmt.top.get(key) as [Uint8Array, Uint8Array] | undefined;
    return row ? unpackTopList(row[1], limit, unpackTopList(row[0], limit)) : null;
  }

  private live(expr: string, limit: number, kinds: Kinds = BOTH): Row[] {
    const stmt = kinds.length === 2 ? this.stmt.live : kinds[0] === 'section' ? this.stmt.liveSections : this.stmt.liveQuestions;
    return (stmt.all(expr, limit) as Row[]).map((r) => ({ rowid: r.rowid, score: -r.score }));
  }

  /** BM25 over the first FIRST_MATCHES matches of each kind wanted (in course order). */
  private firstMatches(expr: string, limit: number, kinds: Kinds): Row[] {
    const bound = (kind: SearchKind, stmt: Database.Statement, all: number) =>
      kinds.includes(kind) ? ((stmt.get(expr, FIRST_MATCHES - 1) as number | undefined) ?? all) : -1;
    const sections = bound('section', this.stmt.nthSection, QUESTION_ROWID_BASE - 1);
    const questions = bound('question', this.stmt.nthQuestion, Number.MAX_SAFE_INTEGER);
    const rows = this.stmt.firstRanked.all({ expr, sections, questions, limit }) as Row[];
    return rows.map((r) => ({ rowid: r.rowid, score: -r.score }));
  }

  /**
   * BM25 is a sum over the query's phrases, so a tier of common words can be ranked from each
   * phrase's own best documents (its top list, or a live query when the phrase is cheap): the
   * candidates are the union of those lists (for AND, the rows in every group's list), each scored by
   * its summed contributions. This is exact for the candidates and bounded in cost; null when some
   * phrase has neither a list nor a cheap live answer.
   */
  private mergedLists(tier: Tier, limit: number, kinds: Kinds): Row[] | null {
    interface Group {
      best: Map<number, number>;
      /** Every document holding one of the group's words is in `best` (no list was cut short). */
      complete: boolean;
      words: string[];
    }
    // How deep to read each phrase's list: enough for the hits asked for, well short of whole lists.
    const depth = Math.min(TOP_LIST_SIZE, 3 * limit);
    // All the lists this tier needs, in one read.
    const keys = tier.groups.flat().filter((p) => p.topKey && !this.phraseRows.has(p.expr)).map((p) => p.topKey!);
    if (keys.length && this.useTopLists) {
      const byKey = new Map<string, Row[]>();
      for (const [term, sections, questions] of this.stmt.tops.all(JSON.stringify(keys)) as [string, Uint8Array, Uint8Array][]) {
        byKey.set(term, unpackTopList(questions, depth, unpackTopList(sections, depth)));
      }
      for (const p of tier.groups.flat()) {
        const rows = p.topKey ? byKey.get(p.topKey) : undefined;
        if (rows) this.phraseRows.set(p.expr, rows);
      }
    }
    const groups: Group[] = [];
    for (const group of tier.groups) {
      const g: Group = { best: new Map(), complete: true, words: group.map((p) => p.text) };
      for (const p of group) {
        let rows = this.phraseRows.get(p.expr);
        if (!rows) {
          const c = this.cost({ ...tier, groups: [[p]], op: 'AND' });
          if (c.walk + c.rank > this.budget / TOP_LIST_SHARE) return null;
          rows = this.live(p.expr, depth);
        }
        this.phraseRows.set(p.expr, rows);
        let sections = 0;
        for (const r of rows) {
          if (kindOf(r.rowid) === 'section') sections++;
          g.best.set(r.rowid, Math.max(g.best.get(r.rowid) ?? 0, r.score));
        }
        if (sections >= depth || rows.length - sections >= depth) g.complete = false;
      }
      groups.push(g);
    }
    // Score every candidate by the contributions it is known to have; under AND, a candidate missing
    // from a cut-short list may still hold that word and is checked against its text below.
    const candidates: (Row & { unsure: Group[] })[] = [];
    for (const [gi, g] of groups.entries()) {
      for (const rowid of g.best.keys()) {
        // Scored once, by the first group that lists it.
        let earlier = false;
        for (let j = 0; j < gi && !earlier; j++) earlier = groups[j].best.has(rowid);
        if (earlier) continue;
        let score = 0;
        let unsure: Group[] = NONE_UNSURE;
        let out = false;
        for (const other of groups) {
          const s = other.best.get(rowid);
          if (s !== undefined) score += s;
          else if (tier.op === 'OR') continue;
          else if (other.complete) out = true;
          else if (unsure === NONE_UNSURE) unsure = [other];
          else unsure.push(other);
        }
        if (!out) candidates.push({ rowid, score, unsure });
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
    return kinds.flatMap((kind) => this.keepHolding(candidates.filter((c) => kindOf(c.rowid) === kind).slice(0, 2 * limit), limit));
  }

  /**
   * The first `limit` candidates (best first) that hold a word of every group they are unsure of,
   * reading the texts of only as many candidates as it takes.
   */
  private keepHolding(candidates: (Row & { unsure: { words: string[] }[] })[], limit: number): Row[] {
    const kept: Row[] = [];
    let next = 0;
    while (kept.length < limit && next < candidates.length) {
      // Enough candidates to fill what is missing if all of them hold, in one read.
      const batch = candidates.slice(next, next + limit - kept.length);
      next += batch.length;
      const texts = this.texts(batch.filter((c) => c.unsure.length).map((c) => c.rowid));
      for (const c of batch) {
        const text = texts.get(c.rowid);
        if (c.unsure.every((g) => g.words.some((w) => text?.includes(w)))) kept.push({ rowid: c.rowid, score: c.score });
      }
    }
    return kept.slice(0, limit);
  }

  /** Folded title and body of these documents, in one read. */
  private texts(rowids: number[]): Map<number, string> {
    if (!rowids.length) return new Map();
    const rows = this.stmt.texts.all(JSON.stringify(rowids)) as { rowid: number; text: string }[];
    // Course text is Simplified and the words are normalised Chinese, so folding is only needed for Latin.
    return new Map(rows.map((r) => [r.rowid, /[A-Z\uff21-\uff5a\uf900-\ufaff]/.test(r.text) ? r.text.normalize('NFKC').toLowerCase() : r.text]));
  }

  /** Up to `limit` hits per kind for one tier, best first, and how they were ranked. */
  private runTier(tier: Tier, limit: number, kinds: Kinds): { rows: Row[]; path: RankPath } {
    const expr = expression(tier.groups, tier.op);
    const single = tier.groups.length === 1 && tier.groups[0].length === 1 ? tier.groups[0][0] : null;
    const top = single ? this.topList(single.topKey, limit) : null;
    if (top) return { rows: top, path: 'top-list' };
    const cost = this.cost(tier);
    const all = cost.walk + cost.rank;
    const first = cost.walk + RANK_US * Math.min(cost.rows, FIRST_MATCHES * kinds.length);
    // Ranking every match is exact; ranking the first ones is kept for when that saves real time.
    if (all <= this.exactCost || (all <= this.budget && first > all / 2)) {
      return { rows: this.live(expr, limit, kinds), path: 'bm25' };
    }
    if (!single) {
      const merged = this.mergedLists(tier, limit, kinds);
      if (merged) return { rows: merged, path: 'merged-lists' };
    }
    if (first <= this.budget) return { rows: this.firstMatches(expr, limit, kinds), path: 'first-matches' };
    // Expansions (pinyin, words) whose doclists alone are too long are left out rather than make the
    // whole answer slow; the query as typed is always answered.
    if (tier.name !== 'phrase' && cost.walk > 2 * this.budget) return { rows: [], path: 'skipped' };
    const rows: Row[] = [];
    for (const kind of kinds) {
      const stmt = kind === 'section' ? this.stmt.orderedSections : this.stmt.orderedQuestions;
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
    this.phraseRows.clear();
    for (const tier of plan.tiers) {
      const kinds = BOTH.filter((k) => out[k].length < limit);
      if (!kinds.length) break;
      for (const t of tier.highlight) if (!terms.includes(t)) terms.push(t);
      const { rows, path } = this.runTier(tier, limit + Math.max(out.section.length, out.question.length), kinds);
      paths.push(path);
      for (const { rowid, score } of rows) {
        const kind = kindOf(rowid);
        if (seen.has(rowid) || out[kind].length >= limit) continue;
        seen.add(rowid);
        out[kind].push({ rowid, kind, tier: tier.name, score, terms: tier.highlight });
      }
    }
    // A hit's own tier's words first, then the other tiers': one list per tier, shared by its hits.
    const allTerms = new Map<string[], string[]>();
    const withAll = (h: EngineHit): EngineHit => {
      let merged = allTerms.get(h.terms);
      if (!merged) allTerms.set(h.terms, (merged = [...new Set([...h.terms, ...terms])]));
      return { ...h, terms: merged };
    };
    return { query: plan.query, sections: out.section.map(withAll), questions: out.question.map(withAll), terms, paths };
  }

  /** Every document the query matches as typed (the phrase tier), unranked: for recall checks. */
  matchAll(query: string): number[] {
    const runs = textRuns(query);
    if (!runs.length) return [];
    return this.stmt.all.all(expression(runs.map((r) => [phraseFor(r)]))) as number[];
  }

  doc(rowid: number): SearchDoc | undefined {
    return this.docs([rowid]).get(rowid);
  }

  /** The documents of these hits with their chapter and section titles, in one read. */
  docs(rowids: number[]): Map<number, SearchDoc> {
    if (!rowids.length) return new Map();
    const rows = this.stmt.docs.all(JSON.stringify(rowids)) as (SearchDoc & { rowid: number })[];
    return new Map(rows.map((r) => [r.rowid, r]));
  }
}
