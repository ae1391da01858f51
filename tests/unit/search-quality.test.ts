import { describe, expect, it } from 'vitest';
import { openTestApp } from '../helpers/app';
import { search, searchEngine } from '../../electron/services/search.service';

/** Query → the section (chapterId/sectionId) a person typing it is looking for; it must be in the top 5. */
const FIXED: [kind: string, query: string, section: string][] = [
  // one character (the first keystroke)
  ['1-char', '诉', 'complaints/complaint-overview'],
  ['1-char', '礼', 'etiquette/etiquette-basics'],
  ['1-char', '压', 'stress/stress-sources'],
  ['1-char', '挽', 'telemarketing/retention'],
  ['1-char', '笑', 'communication/voice-smile'],
  ['1-char', '名', 'etiquette/business-cards'],
  // two-character words
  ['2-char', '投诉', 'complaints/complaint-overview'],
  ['2-char', '礼仪', 'etiquette/etiquette-basics'],
  ['2-char', '压力', 'stress/stress-sources'],
  ['2-char', '聆听', 'communication/listening'],
  ['2-char', '提问', 'communication/questioning'],
  ['2-char', '异议', 'telemarketing/objections'],
  ['2-char', '挽留', 'telemarketing/retention'],
  ['2-char', '呼吸', 'stress/breathing'],
  ['2-char', '宽带', 'cases/case-slow-broadband'],
  // terms
  ['term', '服务关键时刻', 'complaints/mot-steps'],
  ['term', '首问负责', 'complaints/principles'],
  ['term', '情绪劳动', 'stress/emotional-labour'],
  ['term', '顾问式销售', 'telemarketing/consultative-selling'],
  ['term', '呼叫中心', 'callcenter/history'],
  ['term', '客户满意', 'role/satisfaction'],
  ['term', '人际距离', 'etiquette/body-language'],
  ['term', '服务禁用语', 'etiquette/service-phrases'],
  ['term', '开放式提问', 'communication/question-types'],
  ['term', '言下之意', 'communication/hidden-meaning'],
  ['term', 'MOT', 'complaints/mot-steps'],
  ['term', 'FAB', 'telemarketing/recommending'],
  ['term', 'CTI', 'callcenter/technology-parts'],
  ['term', '情绪ABC', 'stress/abc-theory'],
  ['term', '10000', 'callcenter/telecom-10000'],
  // phrases
  ['phrase', '先处理情绪，再处理事情', 'complaints/principles'],
  ['phrase', '把投诉转化为商机', 'complaints/opportunities'],
  ['phrase', '电话等待', 'etiquette/hold-transfer'],
  ['phrase', '接打电话的礼仪', 'etiquette/phone-answering'],
  ['phrase', '售前、售中与售后', 'role/service-stages'],
  ['phrase', '七个环节', 'complaints/general-steps'],
  // full pinyin and initials
  ['pinyin', 'tousu', 'complaints/complaint-overview'],
  ['pinyin', 'ts', 'complaints/complaint-overview'],
  ['pinyin', 'tou su', 'complaints/complaint-overview'],
  ['pinyin', 'yali', 'stress/stress-sources'],
  ['pinyin', 'mingpian', 'etiquette/business-cards'],
  ['pinyin', 'wanliu', 'telemarketing/retention'],
  ['pinyin', 'liyi', 'etiquette/etiquette-basics'],
  // Traditional characters
  ['traditional', '投訴', 'complaints/complaint-overview'],
  ['traditional', '禮儀', 'etiquette/etiquette-basics'],
  ['traditional', '壓力', 'stress/stress-sources'],
  ['traditional', '顧問式銷售', 'telemarketing/consultative-selling'],
  ['traditional', '電話營銷', 'telemarketing/overview'],
  // question-style: no literal match
  ['question', '如何处理客户投诉', 'complaints/general-steps'],
  ['question', '怎样缓解工作压力', 'stress/stress-relief'],
  ['question', '客户为什么会投诉', 'complaints/complaint-causes'],
  ['question', '名片怎么递', 'etiquette/business-cards'],
  ['question', '电话营销中如何处理价格异议', 'telemarketing/price-objection-dialogue'],
  ['question', '如何挽留要拆机的客户', 'telemarketing/retention'],
  ['question', '投诉处理有哪些禁忌', 'complaints/taboos'],
  // synonyms (user.db seeds 投诉/抱怨/申诉/不满, 客户/顾客/用户)
  ['synonym', '抱怨', 'complaints/taboos'],
  ['synonym', '抱怨处理', 'complaints/general-steps'],
  ['synonym', '顾客抱怨', 'complaints/complaint-causes'],
  ['synonym', '用户申诉', 'complaints/complaint-value'],
  ['synonym', '顾客不满怎么办', 'complaints/complaint-causes'],
];

/** One- to four-character CJK strings taken at fixed places from the course, plus some chosen ones. */
function scanQueries(docs: { title: string; body: string }[]): string[] {
  const chosen = ['投', '诉', '客', '的', '投诉', '客户', '礼仪', '服务关键', '处理情绪', '先服务', '号客服', '满意度', '龘'];
  const picked = new Set(chosen);
  docs.forEach((d, i) => {
    if (i % 23 !== 0) return;
    const runs = d.body.match(/[\u4e00-\u9fff]{4,}/g) ?? [];
    runs.slice(0, 3).forEach((run, j) => picked.add(run.slice(j, j + 1 + ((i + j) % 4))));
  });
  return [...picked];
}

describe('search quality on the course', () => {
  it(`finds the expected section in the top 5 for ${FIXED.length} fixed queries (recall@5 ≥ 0.95)`, async () => {
    const app = await openTestApp();
    const misses: string[] = [];
    const byKind = new Map<string, { n: number; hit: number }>();
    for (const [kind, query, want] of FIXED) {
      const top = search(app, query, 5).sections.map((h) => `${h.chapterId}/${h.sectionId}`);
      const k = byKind.get(kind) ?? { n: 0, hit: 0 };
      k.n++;
      if (top.includes(want)) k.hit++;
      else misses.push(`  ${kind} "${query}": want ${want}, got ${top.join(', ') || '(nothing)'}`);
      byKind.set(kind, k);
    }
    const recall = (FIXED.length - misses.length) / FIXED.length;
    console.log(
      `search recall@5 = ${recall.toFixed(3)} over ${FIXED.length} queries (${[...byKind].map(([k, v]) => `${k} ${v.hit}/${v.n}`).join(', ')})` +
        (misses.length ? `\nmisses:\n${misses.join('\n')}` : ''),
    );
    expect(FIXED.length).toBeGreaterThanOrEqual(40);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('every hit of a plain query contains it, and the reported terms include it', async () => {
    const app = await openTestApp();
    for (const q of ['投诉', '礼仪', '服务关键时刻', 'mot']) {
      const r = search(app, q, 20);
      expect(r.terms[0]).toBe(q);
      for (const h of [...r.sections, ...r.questions].filter((x) => x.match === 'phrase')) {
        const text = (h.title + h.snippet.text).toLowerCase();
        expect(text, `${q} → ${h.refId}`).toContain(q);
        // highlight offsets point at the term
        for (const [a, b] of h.snippet.highlights) expect(h.snippet.text.slice(a, b).toLowerCase().length).toBe(b - a);
      }
    }
  });

  it('pinyin and initials lead to 投诉 first; Traditional input is searched as Simplified', async () => {
    const app = await openTestApp();
    for (const q of ['tousu', 'ts', 'TS', 'ｔｓ']) {
      const r = search(app, q);
      expect(r.terms, q).toContain('投诉');
      expect(r.sections[0].title + r.sections[0].snippet.text, q).toContain('投诉');
      expect(r.sections[0].titleHighlights.length + r.sections[0].snippet.highlights.length).toBeGreaterThan(0);
    }
    expect(search(app, '投訴').query).toBe('投诉');
    expect(search(app, '禮儀').query).toBe('礼仪');
    expect(search(app, '投訴').sections.map((h) => h.refId)).toEqual(search(app, '投诉').sections.map((h) => h.refId));
  });

  it('question hits carry the stem and their section, never the key or the explanation', async () => {
    const app = await openTestApp();
    const r = search(app, '投诉', 50);
    expect(r.questions.length).toBeGreaterThan(10);
    const q = app.content.prepare('SELECT stem, answer, explanation FROM questions WHERE id = ?');
    for (const h of r.questions) {
      const row = q.get(h.refId) as { stem: string; answer: string; explanation: string };
      expect(h.title).toBe(row.stem);
      expect(h.sectionTitle.length).toBeGreaterThan(0);
      const sent = JSON.stringify(h);
      expect(sent).not.toContain(row.explanation);
      expect(Object.keys(h).sort()).toEqual(
        ['chapterId', 'chapterTitle', 'kind', 'match', 'refId', 'score', 'sectionId', 'sectionTitle', 'snippet', 'title', 'titleHighlights'],
      );
    }
  });

  it('finds every document a substring scan finds, and only those, for 1–4-character CJK queries', async () => {
    const app = await openTestApp();
    const engine = searchEngine(app);
    const docs = app.content.prepare('SELECT rowid, title, body FROM search_docs ORDER BY rowid').all() as {
      rowid: number;
      title: string;
      body: string;
    }[];
    const fold = (s: string) => s.normalize('NFKC').toLowerCase();
    const folded = docs.map((d) => ({ rowid: d.rowid, title: fold(d.title), body: fold(d.body) }));
    const queries = scanQueries(docs);
    expect(queries.length).toBeGreaterThan(60);
    let scanned = 0;
    const lengths = new Set<number>();
    for (const q of queries) {
      const scan = folded.filter((d) => d.title.includes(q) || d.body.includes(q)).map((d) => d.rowid);
      const found = new Set(engine.matchAll(engine.normalize(q)));
      const missed = scan.filter((id) => !found.has(id));
      expect(missed, `"${q}" missed ${missed.length} of ${scan.length}`).toEqual([]);
      expect(found.size, `"${q}" found documents the scan did not`).toBe(scan.length);
      scanned += scan.length;
      lengths.add([...q].length);
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4]);
    expect(scanned).toBeGreaterThan(1000);
  });
});
