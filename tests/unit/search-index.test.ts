import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileContent } from '../../db/content/compile';
import { writeContentDb } from '../../db/content/writeDb';
import { SearchEngine } from '../../db/search/engine';
import { QUESTION_ROWID_BASE } from '../../db/search/params';
import { ROOT } from '../helpers/paths';

/**
 * The engine has three ways to rank a tier. These tests build the course with a low cost budget, so
 * that many terms get precomputed top lists, and check each way against live FTS5 bm25().
 */
let dir: string;
let file: string;
beforeAll(() => {
  const { course } = compileContent(path.join(ROOT, 'content'));
  if (!course) throw new Error('content/ does not compile');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-search-index-'));
  file = path.join(dir, 'content.db');
  writeContentDb(course, file, 'builtin', { liveCostBudget: 80 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = () => new Database(file, { readonly: true });

describe('search index paths', () => {
  it('precomputed top lists rank exactly as live bm25() does', () => {
    const db = open();
    const withTop = new SearchEngine(db);
    const live = new SearchEngine(db, { useTopLists: false, liveCostBudget: Number.POSITIVE_INFINITY, exactCost: Number.POSITIVE_INFINITY });
    const terms = db.prepare('SELECT DISTINCT term FROM search_top ORDER BY term').pluck().all() as string[];
    expect(terms.length).toBeGreaterThan(20);
    expect(terms.some((t) => t.endsWith('*'))).toBe(true);
    expect(terms.some((t) => !t.endsWith('*'))).toBe(true);
    for (const term of terms) {
      const q = term.replace(/\*$/, '');
      const a = withTop.search(withTop.plan(q), 20);
      const b = live.search(live.plan(q), 20);
      for (const kind of ['sections', 'questions'] as const) {
        expect(a[kind].map((h) => h.rowid), `${term} ${kind}`).toEqual(b[kind].map((h) => h.rowid));
        // Stored as float32: equal to about seven significant digits.
        a[kind].forEach((h, i) => expect(h.score).toBeCloseTo(b[kind][i].score, 5));
      }
    }
    db.close();
  });

  it('over budget without a top list, answers the query as typed in course order, sections and questions apart', () => {
    const db = open();
    const ordered = new SearchEngine(db, { useTopLists: false, liveCostBudget: 0 });
    const r = ordered.search(ordered.plan('投诉处理'), 10);
    // The query as typed is answered in course order; its expansions (words, synonyms) are too costly at
    // a budget of 0 and are left out.
    expect(r.paths[0]).toBe('course-order');
    expect(r.paths.slice(1).every((p) => p === 'skipped')).toBe(true);
    expect(r.paths.length).toBeGreaterThan(1);
    for (const kind of ['sections', 'questions'] as const) {
      const phrase = r[kind].filter((h) => h.tier === 'phrase');
      expect(phrase.length).toBe(r[kind].length);
      expect(phrase.length).toBeGreaterThan(3);
      const rowids = phrase.map((h) => h.rowid);
      expect(rowids).toEqual([...rowids].sort((x, y) => x - y));
      for (const h of phrase) expect(ordered.doc(h.rowid)!.title + ordered.doc(h.rowid)!.body).toContain('投诉处理');
    }
    for (const h of r.sections) expect(h.rowid).toBeLessThan(QUESTION_ROWID_BASE);
    for (const h of r.questions) expect(h.rowid).toBeGreaterThanOrEqual(QUESTION_ROWID_BASE);
    db.close();
  });

  it('ranks an expensive multi-word tier from the words\' top lists: every hit has every word, the best live hits are there', () => {
    const db = open();
    const merged = new SearchEngine(db, { liveCostBudget: 80 });
    const live = new SearchEngine(db, { useTopLists: false, liveCostBudget: Number.POSITIVE_INFINITY, exactCost: Number.POSITIVE_INFINITY });
    const plan = (e: SearchEngine) => e.plan(e.normalize('如何处理客户投诉'), (w) => (w === '客户' ? ['顾客', '用户'] : []));
    const a = merged.search(plan(merged), 10);
    expect(a.paths).toContain('merged-lists');
    const words = a.sections.filter((h) => h.tier === 'words');
    expect(words.length).toBeGreaterThan(3);
    for (const h of words) {
      const d = merged.doc(h.rowid)!;
      const text = d.title + d.body;
      expect(text).toContain('处理');
      expect(text).toContain('投诉');
      expect(['客户', '顾客', '用户'].some((w) => text.includes(w))).toBe(true);
    }
    const b = live.search(plan(live), 10);
    const bestLive = b.sections.filter((h) => h.tier === 'words').slice(0, 3).map((h) => h.rowid);
    expect(words.map((h) => h.rowid)).toEqual(expect.arrayContaining(bestLive));
    db.close();
  });

  it('over budget with many matches, ranks the first matches of each kind by bm25', () => {
    const db = open();
    // Ranking everything is never "cheap enough", and 客户 alone costs more than ranking 100 rows a kind.
    const first = new SearchEngine(db, { useTopLists: false, liveCostBudget: 600, exactCost: 0 });
    const r = first.search(first.plan('客户'), 10);
    expect(r.paths[0]).toBe('first-matches');
    const all = first.matchAll('客户');
    const firstOf = (base: (id: number) => boolean) => all.filter(base).sort((a, b) => a - b).slice(0, 100);
    const firstSections = new Set(firstOf((id) => id < QUESTION_ROWID_BASE));
    const firstQuestions = new Set(firstOf((id) => id >= QUESTION_ROWID_BASE));
    expect(firstSections.size).toBe(100);
    expect(r.sections.length).toBe(10);
    expect(r.questions.length).toBe(10);
    for (const h of r.sections) expect(firstSections.has(h.rowid)).toBe(true);
    for (const h of r.questions) expect(firstQuestions.has(h.rowid)).toBe(true);
    // Best first, by the same scores live bm25() gives.
    for (const list of [r.sections, r.questions]) {
      const scores = list.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const live = new SearchEngine(db, { useTopLists: false, liveCostBudget: Number.POSITIVE_INFINITY, exactCost: Number.POSITIVE_INFINITY });
    const liveScores = new Map(live.search(live.plan('客户'), 10_000).sections.map((h) => [h.rowid, h.score]));
    for (const h of r.sections) expect(h.score).toBeCloseTo(liveScores.get(h.rowid)!, 6);
    db.close();
  });

  it('stores with each hit its chapter and section titles, and a heading-only section\'s first sub-section', () => {
    const db = open();
    const e = new SearchEngine(db);
    const rowids = db.prepare('SELECT rowid FROM search_docs').pluck().all() as number[];
    const docs = e.docs(rowids);
    const chapterTitle = db.prepare('SELECT title FROM chapters WHERE id = ?').pluck();
    const sectionTitle = db.prepare('SELECT title FROM sections WHERE chapter_id = ? AND id = ?').pluck();
    const firstChild = db.prepare(
      "SELECT title || '：' || plain FROM sections WHERE chapter_id = ? AND parent_id = ? AND plain <> '' ORDER BY ord LIMIT 1",
    ).pluck();
    let headings = 0;
    for (const d of docs.values()) {
      expect(d.chapterTitle).toBe(chapterTitle.get(d.chapterId));
      expect(d.sectionTitle).toBe(sectionTitle.get(d.chapterId, d.sectionId));
      const child = d.kind === 'section' && d.body === '' ? (firstChild.get(d.chapterId, d.sectionId) as string | undefined) ?? null : null;
      expect(d.firstChild).toBe(child);
      if (child) headings++;
    }
    expect(headings).toBeGreaterThan(3);
    db.close();
  });

  it('stores Traditional → Simplified only for characters the course does not use itself', () => {
    const db = open();
    const t2s = new Map((db.prepare('SELECT trad, simp FROM search_t2s').all() as { trad: string; simp: string }[]).map((r) => [r.trad, r.simp]));
    expect(t2s.get('訴')).toBe('诉');
    expect(t2s.get('禮')).toBe('礼');
    const body = (db.prepare('SELECT group_concat(title || body) FROM search_docs').pluck().get() as string) ?? '';
    const used = new Set(body);
    for (const trad of t2s.keys()) expect(used.has(trad)).toBe(false);
    db.close();
  });

  it('a digit run followed by Chinese is two runs: 10000号客服 is found by 客服', () => {
    const db = open();
    const e = new SearchEngine(db);
    const hits = e.matchAll('客服').map((id) => e.doc(id)!);
    expect(hits.some((d) => (d.title + d.body).includes('10000号客服'))).toBe(true);
    db.close();
  });
});
