import { describe, expect, it } from 'vitest';
import { openTestApi } from '../helpers/app';
import type { SearchResult } from '../../electron/shared/calls/search';
import { MAX_QUERY_CHARS } from '../../db/search/normalizeQuery';

const LEARNER = { role: 'learner' as const, personId: null };
const ADMIN = { role: 'admin' as const, personId: null };

/** Input that must never raise an error: it is searched as the letters and characters it holds, or not at all. */
const NASTY: string[] = [
  '',
  ' ',
  '   \t\n  ',
  '\u3000\u3000',
  '"',
  '""',
  '"投诉',
  '*',
  '投诉*',
  '**',
  'NEAR',
  'NEAR(投诉 处理)',
  'OR',
  'AND',
  'NOT',
  'AND NOT',
  '投诉 OR 礼仪',
  '投诉 AND NOT 礼仪',
  '(',
  ')',
  '()',
  '{title}:投诉',
  'title:投诉',
  '^投诉',
  '-投诉',
  '+投诉',
  '.*+?[](){}|\\^$',
  '[a-z]+',
  '\\',
  "'; DROP TABLE search_docs; --",
  "' OR 1=1 --",
  'Robert\'); DROP TABLE synonyms;--',
  '😀',
  '😀投诉😀',
  '👨‍👩‍👧‍👦',
  '\u200b\u200d\ufeff',
  '\ud800',
  '\udfff投诉',
  '\u0000',
  'MOT步骤',
  'Привет投诉',
  'مرحبا',
  'こんにちは',
  '한국어',
  'ｔｏｕｓｕ',
  'é́́́́',
  '%',
  '_',
  '10000',
  'x'.repeat(10_000),
  '投'.repeat(10_000),
  '投诉 '.repeat(2_000),
];

function allHits(r: SearchResult) {
  return [...r.sections, ...r.questions];
}

describe('search.query with bad input', () => {
  it('answers every nasty query without an error, with a query of at most 64 characters', async () => {
    const api = await openTestApi();
    for (const query of NASTY) {
      const r = await api.gateway.call('search.query', { query });
      expect(r.ok, JSON.stringify(query.slice(0, 40))).toBe(true);
      const value = (r as { ok: true; value: SearchResult }).value;
      expect([...value.query].length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
      expect(value.query).not.toMatch(/["*()^:{}[\]\\'%;|$+?.-]/);
      for (const h of allHits(value)) {
        for (const [a, b] of [...h.snippet.highlights, ...h.titleHighlights]) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThan(a);
        }
        expect(h.snippet.highlights.every(([, b]) => b <= h.snippet.text.length)).toBe(true);
      }
    }
    // Nothing was dropped or changed by any of it.
    const count = api.app.content.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
    expect(count).toBeGreaterThan(500);
    expect((await api.call('search.listSynonyms', {})).groups.length).toBeGreaterThan(5);
    expect((await api.call('search.query', { query: '投诉' })).sections.length).toBeGreaterThan(0);
  });

  it('gives sensible results or none', async () => {
    const api = await openTestApi();
    const q = (query: string) => api.call('search.query', { query });
    for (const empty of ['', '   ', '"', '*', '(', '.*+?[](){}|\\^$', '😀', '\u200b']) {
      const r = await q(empty);
      expect(r.query, empty).toBe('');
      expect(allHits(r), empty).toEqual([]);
    }
    // Syntax characters around a word are ignored; the word is searched.
    for (const wrapped of ['"投诉', '投诉*', '(投诉)', '😀投诉😀', '{title}:投诉', '-投诉']) {
      const r = await q(wrapped);
      expect(r.query, wrapped).toContain('投诉');
      expect(r.sections.length, wrapped).toBeGreaterThan(0);
    }
    // FTS operators are plain words: the course holds no English "near", "or", "drop table".
    for (const word of ['NEAR', "'; DROP TABLE search_docs; --", 'AND NOT']) {
      expect(allHits(await q(word)), word).toEqual([]);
    }
    // "投诉 OR 礼仪" is three words ANDed, then ORed: it must not behave like an FTS OR of the two.
    const or = await q('投诉 OR 礼仪');
    expect(or.query).toBe('投诉 or 礼仪');
    // Mixed script: both parts are used.
    const mixed = await q('MOT步骤');
    expect(mixed.sections[0].title).toContain('MOT');
    // A 10,000-character paste is accepted and cut to 64 characters.
    const long = await q('投诉处理'.repeat(2_500));
    expect([...long.query].length).toBe(MAX_QUERY_CHARS);
    // Just over the limit is refused by the contract, with a message in both languages.
    const over = await api.gateway.call('search.query', { query: 'x'.repeat(10_001) });
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.error.code).toBe('invalid_input');
      expect(over.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const limit of [0, 51, 1.5, -1]) {
      expect((await api.gateway.call('search.query', { query: '投诉', limit })).ok, String(limit)).toBe(false);
    }
    expect((await q('投诉')).sections.length).toBeLessThanOrEqual(10);
    expect((await api.call('search.query', { query: '投诉', limit: 50 })).questions.length).toBe(50);
  });
});

describe('synonyms', () => {
  it('anyone may list them; only an admin may replace them', async () => {
    const api = await openTestApi();
    const { groups } = await api.call('search.listSynonyms', {});
    expect(groups).toContainEqual(['投诉', '抱怨', '申诉', '不满']);
    expect(groups).toContainEqual(['客户', '顾客', '用户']);

    const next = [['投诉', '窝火', '抱怨'], ['客户', '顾客']];
    const anon = await api.gateway.call('search.setSynonyms', { groups: next });
    expect(anon.ok).toBe(false);
    if (!anon.ok) expect(anon.error.code).toBe('unauthenticated');
    const learner = await api.gateway.callAs(LEARNER, 'search.setSynonyms', { groups: next });
    expect(learner.ok).toBe(false);
    if (!learner.ok) expect(learner.error.code).toBe('forbidden');
    expect((await api.call('search.listSynonyms', {})).groups).toEqual(groups);

    const before = (await api.call('search.query', { query: '窝火' })).sections;
    expect(before).toEqual([]);
    expect((await api.callAs(ADMIN, 'search.setSynonyms', { groups: next })).groups).toEqual(next);
    expect((await api.call('search.listSynonyms', {})).groups).toEqual(next);
    // The new group is used at once: 窝火 (not in the course) finds the complaint sections.
    const after = await api.call('search.query', { query: '窝火' });
    expect(after.terms).toEqual(expect.arrayContaining(['窝火', '投诉', '抱怨']));
    expect(after.sections.some((h) => h.chapterId === 'complaints')).toBe(true);
    // And the old groups are gone: 申诉 no longer brings in 投诉.
    expect((await api.call('search.query', { query: '申诉' })).terms).not.toContain('投诉');
    const audit = api.app.user.prepare("SELECT count(*) FROM audit_log WHERE action = 'synonyms.replace'").pluck().get();
    expect(audit).toBe(1);
  });

  it('refuses bad groups with a message in both languages and keeps the table', async () => {
    const api = await openTestApi();
    const { groups } = await api.call('search.listSynonyms', {});
    const bad: unknown[] = [
      { groups: [['投诉']] },
      { groups: [['投诉', '投诉']] },
      { groups: [['投诉', '抱怨'], ['抱怨', '不满']] },
      { groups: [['投 诉', '抱怨']] },
      { groups: [['投诉!', '抱怨']] },
      { groups: [['', '抱怨']] },
      { groups: [['x'.repeat(21), '抱怨']] },
      { groups: Array.from({ length: 201 }, (_, i) => [`a${i}`, `b${i}`]) },
      { groups: 'a' },
      {},
    ];
    for (const payload of bad) {
      const r = await api.gateway.callAs(ADMIN, 'search.setSynonyms', payload);
      expect(r.ok, JSON.stringify(payload).slice(0, 60)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(r.error.message.en).toMatch(/[a-z]/i);
      }
    }
    expect((await api.call('search.listSynonyms', {})).groups).toEqual(groups);
    // Traditional and full-width input is stored normalised.
    const r = await api.callAs(ADMIN, 'search.setSynonyms', { groups: [['投訴', 'ＭＯＴ']] });
    expect(r.groups).toEqual([['投诉', 'mot']]);
    // An empty table is allowed.
    expect((await api.callAs(ADMIN, 'search.setSynonyms', { groups: [] })).groups).toEqual([]);
  });
});
