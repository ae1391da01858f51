import type Database from 'better-sqlite3';
import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';
import { indexTokens } from './tokenize';
import { packTopList } from './topList';
import {
  BM25_B,
  BM25_K1,
  BODY_WEIGHT,
  DF_FLOOR,
  LIVE_COST_BUDGET,
  QUESTION_ROWID_BASE,
  TITLE_WEIGHT,
  TOP_LIST_SHARE,
  TOP_LIST_SIZE,
  prefixKey,
  tierCost,
} from './params';

export type SearchKind = 'section' | 'question';

export interface SearchDoc {
  kind: SearchKind;
  chapterId: string;
  sectionId: string;
  refId: string;
  title: string;
  /** Plain text (no Markdown): what is indexed and what snippets are cut from. */
  body: string;
  chapterTitle: string;
  /** The section's own title, or the title of the section a question belongs to. */
  sectionTitle: string;
  /** For a section that is only a heading: its first sub-section with text, "title：text". */
  firstChild: string | null;
}

export interface SearchIndexOptions {
  /** Terms costing more than this get a precomputed top list (tests lower it to compare with live bm25). */
  liveCostBudget?: number;
}

export interface SearchIndexStats {
  docs: number;
  dfRows: number;
  topTerms: number;
  terms: number;
  t2s: number;
}

const splitTokens = (s: string) => (s ? s.split(' ') : []);

/** Every term a document's tokens answer to: the tokens themselves and each token's first character as a prefix. */
function countTerms(tokens: string[], into: Map<string, number>): void {
  for (const t of tokens) {
    into.set(t, (into.get(t) ?? 0) + 1);
    const p = prefixKey(String.fromCodePoint(t.codePointAt(0)!));
    into.set(p, (into.get(p) ?? 0) + 1);
  }
}

interface Tokenized {
  title: string[];
  body: string[];
}

function tokenize(d: SearchDoc): Tokenized {
  return { title: splitTokens(indexTokens(d.title)), body: splitTokens(indexTokens(d.body)) };
}

/** Words of two or more CJK characters in the course, with how often they occur. */
function termFrequencies(docs: readonly SearchDoc[]): Map<string, number> {
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  const freq = new Map<string, number>();
  for (const d of docs) {
    for (const text of [d.title, d.body]) {
      for (const { segment, isWordLike } of seg.segment(text)) {
        if (isWordLike && /^[\u3400-\u9fff]{2,6}$/.test(segment)) freq.set(segment, (freq.get(segment) ?? 0) + 1);
      }
    }
  }
  return freq;
}

/**
 * Traditional → Simplified for single characters, from OpenCC (Taiwan standard to Mainland). Characters
 * the course itself uses are left out, so a query never loses a literal match to a conversion.
 */
function traditionalToSimplified(courseChars: Set<string>): [string, string][] {
  const chars: string[] = [];
  for (const [from, to] of [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]]) {
    for (let c = from; c <= to; c++) chars.push(String.fromCodePoint(c));
  }
  const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const converted = convert(chars.join('\n')).split('\n');
  const pairs: [string, string][] = [];
  if (converted.length !== chars.length) return pairs;
  chars.forEach((c, i) => {
    const s = converted[i];
    if (s && s !== c && !courseChars.has(c)) pairs.push([c, s]);
  });
  return pairs;
}

/** A bounded list of the best (score, rowid) pairs, best first; ties keep the lower rowid first. */
class TopList {
  readonly items: { doc: number; score: number }[] = [];
  add(doc: number, score: number): void {
    const items = this.items;
    if (items.length === TOP_LIST_SIZE && score <= items[items.length - 1].score) return;
    let i = items.length;
    while (i > 0 && items[i - 1].score < score) i--;
    items.splice(i, 0, { doc, score });
    if (items.length > TOP_LIST_SIZE) items.pop();
  }
}

/**
 * Writes the search index for `docs` into a content.db whose schema already exists (searchSchemaSql).
 * Runs inside the caller's transaction.
 */
export function writeSearchIndex(db: Database.Database, docs: readonly SearchDoc[], opts: SearchIndexOptions = {}): SearchIndexStats {
  const budget = opts.liveCostBudget ?? LIVE_COST_BUDGET;
  const insertDoc = db.prepare(
    `INSERT INTO search_docs (rowid, kind, chapter_id, section_id, ref_id, title, body, chapter_title, section_title, first_child)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFts = db.prepare('INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)');

  // Pass 1: store the documents, count document frequencies and lengths.
  const rowids: number[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  const courseChars = new Set<string>();
  let sections = 0;
  let questions = 0;
  let totalTokens = 0;
  for (const d of docs) {
    const rowid = d.kind === 'section' ? ++sections : QUESTION_ROWID_BASE + questions++;
    const tokens = tokenize(d);
    insertDoc.run(rowid, d.kind, d.chapterId, d.sectionId, d.refId, d.title, d.body, d.chapterTitle, d.sectionTitle, d.firstChild);
    insertFts.run(rowid, tokens.title.join(' '), tokens.body.join(' '));
    rowids.push(rowid);
    const length = tokens.title.length + tokens.body.length;
    lengths.push(length);
    totalTokens += length;
    const seen = new Map<string, number>();
    countTerms(tokens.title, seen);
    countTerms(tokens.body, seen);
    for (const t of seen.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    for (const ch of d.title + d.body) courseChars.add(ch);
  }

  const insertDf = db.prepare('INSERT INTO search_df (term, df) VALUES (?, ?)');
  let dfRows = 0;
  const topTerms = new Map<string, { idf: number; lists: Record<SearchKind, TopList> }>();
  const n = docs.length;
  for (const [term, count] of df) {
    if (count < DF_FLOOR) continue;
    insertDf.run(term, count);
    dfRows++;
    const cost = tierCost([[{ dfs: [count], prefix: term.endsWith('*') }]], 'AND');
    if (cost.walk + cost.rank > budget / TOP_LIST_SHARE) {
      // FTS5's bm25(): idf = ln((N - n + 0.5) / (n + 0.5)), floored at 1e-6.
      const idf = Math.max(Math.log((n - count + 0.5) / (count + 0.5)), 1e-6);
      topTerms.set(term, { idf, lists: { section: new TopList(), question: new TopList() } });
    }
  }

  // Pass 2, only when some term is too common to rank live: score its documents as bm25() would.
  if (topTerms.size) {
    const avgdl = totalTokens / Math.max(n, 1);
    docs.forEach((d, i) => {
      const tokens = tokenize(d);
      const title = new Map<string, number>();
      const body = new Map<string, number>();
      countTerms(tokens.title, title);
      countTerms(tokens.body, body);
      const norm = BM25_K1 * (1 - BM25_B + (BM25_B * lengths[i]) / avgdl);
      for (const term of new Set([...title.keys(), ...body.keys()])) {
        const top = topTerms.get(term);
        if (!top) continue;
        const f = (title.get(term) ?? 0) * TITLE_WEIGHT + (body.get(term) ?? 0) * BODY_WEIGHT;
        top.lists[d.kind].add(rowids[i], (top.idf * (f * (BM25_K1 + 1))) / (f + norm));
      }
    });
    const insertTop = db.prepare('INSERT INTO search_top (term, sections, questions) VALUES (?, ?, ?)');
    const pack = (l: TopList) => packTopList(l.items.map((it) => ({ rowid: it.doc, score: it.score })));
    for (const [term, { lists }] of topTerms) insertTop.run(term, pack(lists.section), pack(lists.question));
  }

  const insertTerm = db.prepare('INSERT INTO search_terms (term, pinyin, initials, freq) VALUES (?, ?, ?, ?)');
  const words = termFrequencies(docs);
  for (const [t, freq] of words) {
    const syllables = pinyin(t, { toneType: 'none', type: 'array', v: true });
    insertTerm.run(t, syllables.join(''), syllables.map((s) => s[0]).join(''), freq);
  }

  const insertT2s = db.prepare('INSERT INTO search_t2s (trad, simp) VALUES (?, ?)');
  const t2s = traditionalToSimplified(courseChars);
  for (const [trad, simp] of t2s) insertT2s.run(trad, simp);

  return { docs: n, dfRows, topTerms: topTerms.size, terms: words.size, t2s: t2s.length };
}
