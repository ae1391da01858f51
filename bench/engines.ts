/**
 * What the bench compares: our service (FTS5 over CJK bigrams, through the real search()), a naive
 * substring scan over search_docs held in memory, and flexsearch with its CJK charset (one
 * configuration without and one with its context index). Each answers "ranked ids for this query".
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Charset, Index } from 'flexsearch';
import type { App } from '../electron/services/app';
import { search, searchEngine, searchPlan } from '../electron/services/search.service';
import type { SearchEngine } from '../db/search/engine';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export interface Doc {
  rowid: number;
  title: string;
  body: string;
}

export interface BenchEngine {
  name: string;
  /** Ranked ids (at most `limit`): what a person would see. */
  top(query: string, limit: number): number[];
  /** What is timed, when it differs from `top` (our service: the API call, without mapping its hits to ids). */
  run?(query: string, limit: number): unknown;
  /** Every id it would return for the query (for precision and recall against the scan). */
  all(query: string): number[];
  buildMs: number;
  heapBytes: number;
  note: string;
}

/** Our engine alone: normalise, plan (synonyms, pinyin), retrieve and rank; ids only, like the others. */
export function oursEngine(app: App, buildMs: number, heapBytes: number): BenchEngine {
  const engine = searchEngine(app);
  return {
    name: 'ours: engine (FTS5 bigrams)',
    top(query, limit) {
      const r = engine.search(searchPlan(app, query), Math.ceil(limit / 2));
      return [...r.sections, ...r.questions].map((h) => h.rowid);
    },
    all: (query) => engine.matchAll(engine.normalize(query)),
    buildMs,
    heapBytes,
    note: 'normalise, plan, rank: ids, as the scan and flexsearch return',
  };
}

/** Our engine through the service: also the titles, snippets and highlights a person sees. */
export function ours(app: App, buildMs: number, heapBytes: number): BenchEngine & { engine: SearchEngine } {
  const engine = searchEngine(app);
  // Built when the quality is checked, after the timing: the app holds no such map.
  let rowidOf: Map<string, number> | null = null;
  const id = (kind: string, refId: string, chapterId: string) => {
    if (!rowidOf) {
      rowidOf = new Map();
      for (const r of app.content.prepare('SELECT rowid, kind, chapter_id, ref_id FROM search_docs').all() as { rowid: number; kind: string; chapter_id: string; ref_id: string }[]) {
        rowidOf.set(`${r.kind}:${r.chapter_id}:${r.ref_id}`, r.rowid);
      }
    }
    return rowidOf.get(`${kind}:${chapterId}:${refId}`)!;
  };
  const run = (query: string, limit: number) => search(app, query, Math.ceil(limit / 2));
  return {
    name: 'ours: search() service',
    engine,
    run,
    top(query, limit) {
      const r = run(query, limit);
      return [...r.sections, ...r.questions].map((h) => id(h.kind, h.refId, h.chapterId));
    },
    all: (query) => engine.matchAll(engine.normalize(query)),
    buildMs,
    heapBytes,
    note: 'the API call: engine + titles, snippets, highlights',
  };
}

/**
 * The naive baseline: every document's folded title and body held in memory, `includes` for every run
 * of the query over all of them, title hits first (so it has to look at every document, as ranking does).
 */
export function scan(docs: Doc[], normalize: (q: string) => string): BenchEngine {
  const before = heapUsed();
  const t = performance.now();
  const fold = (s: string) => s.normalize('NFKC').toLowerCase();
  const folded = docs.map((d) => ({ rowid: d.rowid, title: fold(d.title), body: fold(d.body) }));
  const buildMs = performance.now() - t;
  const heapBytes = heapUsed() - before;
  const find = (query: string, limit: number) => {
    const runs = normalize(query).split(' ').filter(Boolean);
    if (!runs.length) return [];
    const inTitle: number[] = [];
    const inBody: number[] = [];
    for (const d of folded) {
      if (runs.every((r) => d.title.includes(r))) inTitle.push(d.rowid);
      else if (runs.every((r) => d.title.includes(r) || d.body.includes(r))) inBody.push(d.rowid);
    }
    return inTitle.concat(inBody).slice(0, limit);
  };
  return {
    name: 'substring scan',
    top: (q, limit) => find(q, limit),
    all: (q) => find(q, Number.MAX_SAFE_INTEGER),
    buildMs,
    heapBytes,
    note: 'JS includes over search_docs in memory, unranked',
  };
}

export function flex(docs: Doc[], normalize: (q: string) => string, context: boolean): BenchEngine {
  const before = heapUsed();
  const t = performance.now();
  const index = context
    ? new Index({ encoder: Charset.CJK, tokenize: 'strict', context: true })
    : new Index({ encoder: Charset.CJK, tokenize: 'forward' });
  for (const d of docs) index.add(d.rowid, `${d.title}\n${d.body}`);
  const buildMs = performance.now() - t;
  const heapBytes = heapUsed() - before;
  const run = (q: string, limit: number) => index.search(normalize(q), { limit }) as number[];
  return {
    name: context ? 'flexsearch CJK + context' : 'flexsearch CJK',
    top: run,
    all: (q) => run(q, 10_000_000),
    buildMs,
    heapBytes,
    note: context ? "encoder Charset.CJK, tokenize 'strict', context: true" : "encoder Charset.CJK, tokenize 'forward'",
  };
}
