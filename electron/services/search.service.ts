import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';
import type { SearchDoc } from '../../db/search/buildIndex';
import { SearchEngine, type EngineHit } from '../../db/search/engine';
import { warmUpSegmenter, type QueryPlan } from '../../db/search/queryPlan';
import { findMatches, makeSnippet } from '../../db/search/snippet';
import { AppError } from '../shared/errors';
import type { SearchHit, SearchResult, SynonymGroups } from '../shared/calls/search';
import type { App } from './app';
import { appendAudit } from './audit';

/** Hits per group when the caller does not say (the header search box asks for 8). */
export const DEFAULT_LIMIT = 8;

/** One engine per content.db connection: a replaced content pack gets a fresh one. */
const engines = new WeakMap<Db, SearchEngine>();

/** The engine for this app's content.db (the bench and tests use it directly). */
export function searchEngine(app: App): SearchEngine {
  let engine = engines.get(app.content);
  if (!engine) {
    engine = new SearchEngine(app.content);
    engines.set(app.content, engine);
    // Intl.Segmenter loads its CJK dictionary on first use; do it while the app is idle, not on the
    // first question-style query.
    setTimeout(warmUpSegmenter, 50).unref?.();
  }
  return engine;
}

interface SynonymCache {
  /** PRAGMA data_version, prepared once: db.pragma() prepares a statement on every call. */
  version: Database.Statement;
  dataVersion: number;
  groups: string[][];
  byTerm: Map<string, string[]>;
}

const synonymCaches = new WeakMap<Db, SynonymCache>();

/** Synonym groups from user.db, re-read when another connection (e.g. the CLI) has changed it. */
function synonyms(user: Db): SynonymCache {
  let cache = synonymCaches.get(user);
  const version = cache?.version ?? user.prepare('PRAGMA data_version').pluck();
  const dataVersion = version.get() as number;
  if (!cache || cache.dataVersion !== dataVersion) {
    const rows = user.prepare('SELECT grp, term FROM synonyms ORDER BY grp, rowid').all() as { grp: number; term: string }[];
    const byGroup = new Map<number, string[]>();
    for (const r of rows) byGroup.set(r.grp, [...(byGroup.get(r.grp) ?? []), r.term]);
    const groups = [...byGroup.values()];
    const byTerm = new Map<string, string[]>();
    for (const g of groups) for (const t of g) byTerm.set(t, g.filter((x) => x !== t));
    cache = { version, dataVersion, groups, byTerm };
    synonymCaches.set(user, cache);
  }
  return cache;
}

function toHit(h: EngineHit, doc: SearchDoc | undefined): SearchHit | null {
  if (!doc) return null;
  // A question's body holds its options only; its key and explanation are never indexed or sent.
  let snippet = makeSnippet(doc.body, h.terms);
  if (doc.kind === 'question' && !snippet.matched) snippet = makeSnippet(doc.title, h.terms);
  // A section that is only a heading over its sub-sections shows how the first of them begins.
  if (doc.kind === 'section' && !doc.body && doc.firstChild) snippet = makeSnippet(doc.firstChild, h.terms);
  return {
    kind: doc.kind,
    chapterId: doc.chapterId,
    chapterTitle: doc.chapterTitle,
    sectionId: doc.sectionId,
    sectionTitle: doc.sectionTitle,
    refId: doc.refId,
    title: doc.title,
    titleHighlights: findMatches(doc.title, h.terms),
    snippet: { text: snippet.text, highlights: snippet.highlights },
    score: Number(h.score.toPrecision(4)),
    match: h.tier,
  };
}

/** The tiers a typed query is searched in (normalised, with this PC's synonyms). */
export function searchPlan(app: App, rawQuery: string): QueryPlan {
  const engine = searchEngine(app);
  const syn = synonyms(app.user).byTerm;
  return engine.plan(engine.normalize(rawQuery), (w) => syn.get(w) ?? []);
}

/** Ranked sections and questions for a typed query. Any input is safe: it is normalised and cut first. */
export function search(app: App, rawQuery: string, limit = DEFAULT_LIMIT): SearchResult {
  const engine = searchEngine(app);
  const plan = searchPlan(app, rawQuery);
  const query = plan.query;
  if (!query) return { query, terms: [], sections: [], questions: [] };
  const res = engine.search(plan, limit);
  const docs = engine.docs([...res.sections, ...res.questions].map((h) => h.rowid));
  const hits = (list: EngineHit[]) => list.map((h) => toHit(h, docs.get(h.rowid))).filter((h): h is SearchHit => h !== null);
  return { query, terms: res.terms, sections: hits(res.sections), questions: hits(res.questions) };
}

export function listSynonyms(app: App): SynonymGroups {
  return { groups: synonyms(app.user).groups.map((g) => [...g]) };
}

function invalid(zh: string, en: string): AppError {
  return new AppError('invalid_input', { 'zh-CN': zh, en });
}

/** Replaces the synonym table; terms are normalised like queries (so 投訴 is stored as 投诉). */
export function setSynonyms(app: App, groups: string[][], actorId: number | null): SynonymGroups {
  const engine = searchEngine(app);
  const owner = new Map<string, number>();
  const clean: string[][] = [];
  for (const g of groups) {
    const terms: string[] = [];
    for (const raw of g) {
      const t = engine.normalize(raw);
      if (!t || t.includes(' ') || t.length !== raw.normalize('NFKC').trim().length) {
        throw invalid(
          `同义词只能由汉字、字母或数字组成，且不含空格：“${raw.slice(0, 20)}”`,
          `A synonym may hold only Chinese characters, letters or digits, without spaces: "${raw.slice(0, 20)}"`,
        );
      }
      if (!terms.includes(t)) terms.push(t);
    }
    if (terms.length < 2) throw invalid('每组同义词至少需要两个不同的词。', 'Each synonym group needs at least two different terms.');
    for (const t of terms) {
      if (owner.has(t)) {
        throw invalid(`“${t}”出现在多个同义词组中，一个词只能属于一组。`, `"${t}" appears in more than one group; a term may belong to one group only.`);
      }
      owner.set(t, clean.length);
    }
    clean.push(terms);
  }
  app.user.transaction(() => {
    app.user.prepare('DELETE FROM synonyms').run();
    const insert = app.user.prepare('INSERT INTO synonyms (grp, term) VALUES (?, ?)');
    clean.forEach((g, i) => g.forEach((t) => insert.run(i + 1, t)));
    appendAudit(app.user, app.now(), { actorId, action: 'synonyms.replace', details: { groups: clean.length } });
  })();
  synonymCaches.delete(app.user);
  return listSynonyms(app);
}
