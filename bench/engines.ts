/**
 * What the bench compares: our service (FTS5 over CJK bigrams, through the real search()), a naive
 * substring scan over search_docs held in memory, and flexsearch with its CJK charset (one
 * configuration without and one with its context index). Each answers "ranked ids for this query".
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Charset, Index } from 'flexsearch';
import type { App } from '../electron/services/app';
import { search, searchEngine } from '../electron/services/search.service';
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
  text: string;
}

export interface BenchEngine {
  name: string;
  /** Ranked ids (at most `limit`): what a person would see. */
  top(query: string, limit: number): number[];
  /** Every id it would return for the query (for precision and recall against the scan). */
  all(query: string): number[];
  buildMs: number;
  heapBytes: number;
  note: string;
}

/** Our engine through the service: normalise, plan, rank, cut snippets. */
export function ours(app: App, buildMs: number, heapBytes: number): BenchEngine & { engine: SearchEngine } {
  const engine = searchEngine(app);
  const rowidOf = new Map<string, number>();
  const idStmt = app.content.prepare('SELECT rowid FROM search_docs WHERE kind = ? AND ref_id = ? AND chapter_id = ?').pluck();
  const id = (kind: string, refId: string, chapterId: string) => {
    const key = `${kind}:${chapterId}:${refId}`;
    let v = rowidOf.get(key);
    if (v === undefined) rowidOf.set(key, (v = idStmt.get(kind, refId, chapterId) as number));
    return v;
  };
  return {
    name: 'ours (FTS5 bigrams)',
    engine,
    top(query, limit) {
      const r = search(app, query, Math.ceil(limit / 2));
      return [...r.sections, ...r.questions].map((h) => id(h.kind, h.refId, h.chapterId));
    },
    all: (query) => engine.matchAll(engine.normalize(query)),
    buildMs,
    heapBytes,
    note: 'service call incl. normalise, synonyms, pinyin, snippets',
  };
}

/** The naive baseline: every document's folded text, `includes` for every run of the query. */
export function scan(docs: Doc[], normalize: (q: string) => string): BenchEngine {
  const before = heapUsed();
  const t = performance.now();
  const folded = docs.map((d) => ({ rowid: d.rowid, text: d.text.normalize('NFKC').toLowerCase() }));
  const buildMs = performance.now() - t;
  const heapBytes = heapUsed() - before;
  const find = (query: string, limit: number) => {
    const runs = normalize(query).split(' ').filter(Boolean);
    const out: number[] = [];
    if (!runs.length) return out;
    for (const d of folded) {
      if (runs.every((r) => d.text.includes(r))) {
        out.push(d.rowid);
        if (out.length >= limit) break;
      }
    }
    return out;
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
  for (const d of docs) index.add(d.rowid, d.text);
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
