import { describe, expect, it } from 'vitest';
import type { Paper, PaperItem } from '../../electron/services/paper';
import type { ResponseValue } from '../../electron/shared/practiceTypes';
import { openTestApi } from '../helpers/app';

const MINUTE = 60_000;

function clock(start = Date.UTC(2025, 5, 1, 2, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function setup() {
  const c = clock();
  const api = await openTestApi({ now: c.now });
  const me = await api.call('profiles.create', { employeeId: 'M1', name: '陈静', branch: '城北' });
  const other = await api.call('profiles.create', { employeeId: 'M2', name: '刘洋', branch: '城北' });
  // The test clock jumps past session idle limits: call as the signed-in learners directly.
  const as = { role: 'learner' as const, personId: me.person.id };
  const asOther = { role: 'learner' as const, personId: other.person.id };
  const storedPaper = (attemptId: number) =>
    JSON.parse(api.app.user.prepare('SELECT paper FROM mock_attempts WHERE id = ?').pluck().get(attemptId) as string) as Paper;
  return { c, api, me, as, asOther, storedPaper };
}

function right(item: PaperItem): ResponseValue {
  if (item.type === 'multiple') return item.key as string[];
  return item.key[0] as ResponseValue;
}

function wrong(item: PaperItem): ResponseValue {
  if (item.type === 'truefalse') return !item.key[0];
  if (item.type === 'fill') return '错误答案';
  const letter = 'ABCDEFGH'.slice(0, item.options.length).split('').find((l) => !item.key.includes(l))!;
  return item.type === 'multiple' ? [letter] : letter;
}

describe('模拟考试 (mock exam)', () => {
  it('draws the mock blueprint, saves answers, grades on submit, and shows the full review afterwards', async () => {
    const { c, api, as, storedPaper } = await setup();
    const rowCounts = () => {
      const tables = api.app.user.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      return Object.fromEntries(tables.map((t) => [t, api.app.user.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
    };
    const countsBefore = rowCounts();
    const started = await api.callAs(as, 'mock.start', {});
    expect(started).toMatchObject({ status: 'open', title: '模拟考试', timeLimitMinutes: 60, passScore: 60, maxScore: 100, result: null, review: null });
    expect(started.items).toHaveLength(80);
    expect(started.deadline).toBe(c.now() + 60 * MINUTE);
    expect(started.serverNow).toBe(c.now());

    // Starting again while it runs resumes the same attempt (same paper).
    const resumed = await api.callAs(as, 'mock.start', {});
    expect(resumed.id).toBe(started.id);
    expect(resumed.items).toEqual(started.items);

    const paper = storedPaper(started.id);
    expect(paper.items.map((i) => i.stem)).toEqual(started.items.map((i) => i.stem));
    expect(paper.items.map((i) => i.options)).toEqual(started.items.map((i) => i.options));
    // Answer the first 60 right, items 61–70 wrong, leave 71–80 unanswered.
    for (const item of paper.items.slice(0, 70)) {
      c.advance(1000);
      const saved = await api.callAs(as, 'mock.saveAnswer', { attemptId: started.id, no: item.no, response: item.no <= 60 ? right(item) : wrong(item) });
      expect(saved).toEqual({ no: item.no, savedAt: c.now(), answered: item.no });
    }
    // Changing an answer and clearing another.
    await api.callAs(as, 'mock.saveAnswer', { attemptId: started.id, no: 70, response: null });
    await api.callAs(as, 'mock.saveAnswer', { attemptId: started.id, no: 70, response: wrong(paper.items[69]) });
    const during = await api.callAs(as, 'mock.get', { attemptId: started.id });
    expect(during.items[0].response).toEqual(right(paper.items[0]));
    expect(during.items[75].response).toBeNull();

    const expectedScore = paper.items.slice(0, 60).reduce((s, i) => s + i.points, 0);
    c.advance(5 * MINUTE);
    const done = await api.callAs(as, 'mock.submit', { attemptId: started.id });
    expect(done.status).toBe('submitted');
    expect(done.result).toMatchObject({ score: expectedScore, maxScore: 100, passed: expectedScore >= 60, autoSubmitted: false, submittedAt: c.now(), ungraded: 0 });
    expect(done.result!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(done.result!.byChapter.reduce((s, ch) => s + ch.maxScore, 0)).toBe(100);
    expect(done.result!.byChapter.reduce((s, ch) => s + ch.score, 0)).toBeCloseTo(expectedScore, 5);
    expect(done.review).toHaveLength(80);
    const review = done.review!;
    expect(review.slice(0, 60).every((r) => r.outcome === 'correct')).toBe(true);
    expect(review.slice(60, 70).every((r) => r.outcome === 'wrong' && r.score === 0)).toBe(true);
    expect(review.slice(70).every((r) => r.outcome === 'unanswered')).toBe(true);
    review.forEach((r, i) => {
      expect(r.explanation).toBe(paper.items[i].explanation);
      expect(r.questionId).toBe(paper.items[i].questionId);
      expect(r.section.chapterId).toBe(paper.items[i].chapterId);
    });
    const choice = review.find((r) => r.type === 'single')!;
    expect(choice.expected).toEqual({ kind: 'choice', letters: paper.items[choice.no - 1].key });

    // Review stays available afterwards, and the history lists it.
    const again = await api.callAs(as, 'mock.get', { attemptId: started.id });
    expect(again.result).toEqual(done.result);
    const list = await api.callAs(as, 'mock.list', {});
    expect(list).toEqual([expect.objectContaining({ id: started.id, status: 'submitted', score: expectedScore, passed: expectedScore >= 60 })]);

    // Practice only: nothing lands anywhere but the mock tables (no certification records, no audit).
    const countsAfter = rowCounts();
    const changed = Object.keys(countsAfter).filter((t) => countsAfter[t] !== countsBefore[t]);
    expect(changed.sort()).toEqual(['mock_answers', 'mock_attempts']);
  });

  it('refuses a second submit cleanly and idempotently, and answers after submitting', async () => {
    const { c, api, as } = await setup();
    const a = await api.callAs(as, 'mock.start', {});
    await api.callAs(as, 'mock.saveAnswer', { attemptId: a.id, no: 1, response: 'A' });
    c.advance(MINUTE);
    const first = await api.callAs(as, 'mock.submit', { attemptId: a.id });
    const before = api.app.user.prepare('SELECT * FROM mock_attempts WHERE id = ?').get(a.id);
    for (let i = 0; i < 3; i++) {
      c.advance(MINUTE);
      const r = await api.gateway.callAs(as, 'mock.submit', { attemptId: a.id });
      expect(r.ok || r.error.code).toBe('attempt_submitted');
      const s = await api.gateway.callAs(as, 'mock.saveAnswer', { attemptId: a.id, no: 2, response: 'B' });
      expect(s.ok || s.error.code).toBe('attempt_submitted');
    }
    expect(api.app.user.prepare('SELECT * FROM mock_attempts WHERE id = ?').get(a.id)).toEqual(before);
    expect((await api.callAs(as, 'mock.get', { attemptId: a.id })).result).toEqual(first.result);
    expect(api.app.user.prepare('SELECT count(*) FROM mock_answers WHERE attempt_id = ?').pluck().get(a.id)).toBe(1);
  });

  it('refuses answers after the server deadline and finalises the attempt with its saved answers (自动交卷)', async () => {
    const { c, api, as, storedPaper } = await setup();
    const a = await api.callAs(as, 'mock.start', {});
    const paper = storedPaper(a.id);
    await api.callAs(as, 'mock.saveAnswer', { attemptId: a.id, no: 1, response: right(paper.items[0]) });
    c.advance(60 * MINUTE - 1);
    await api.callAs(as, 'mock.saveAnswer', { attemptId: a.id, no: 2, response: right(paper.items[1]) });
    c.advance(1); // exactly at the deadline
    for (let i = 0; i < 2; i++) {
      const late = await api.gateway.callAs(as, 'mock.saveAnswer', { attemptId: a.id, no: 3, response: right(paper.items[2]) });
      expect(late.ok || late.error.code).toBe(i === 0 ? 'attempt_expired' : 'attempt_submitted');
    }
    const view = await api.callAs(as, 'mock.get', { attemptId: a.id });
    expect(view.status).toBe('submitted');
    expect(view.result).toMatchObject({ autoSubmitted: true, submittedAt: a.deadline, score: paper.items[0].points + paper.items[1].points });
    expect(view.items[2].response).toBeNull();
  });

  it('finalises an attempt whose deadline passed while nobody was looking, then starts a fresh one', async () => {
    const { c, api, as } = await setup();
    const a = await api.callAs(as, 'mock.start', {});
    c.advance(3 * 60 * MINUTE);
    const list = await api.callAs(as, 'mock.list', {});
    expect(list[0]).toMatchObject({ id: a.id, status: 'submitted', score: 0, passed: false });
    const b = await api.callAs(as, 'mock.start', {});
    expect(b.id).not.toBe(a.id);
    expect(b.status).toBe('open');
    const late = await api.callAs(as, 'mock.submit', { attemptId: a.id }).catch((e: { code: string }) => e.code);
    expect(late).toBe('attempt_submitted');
  });

  it("keeps each learner's attempts to themselves and validates item numbers and response shapes", async () => {
    const { api, as, asOther, storedPaper } = await setup();
    const a = await api.callAs(as, 'mock.start', {});
    for (const [name, input] of [
      ['mock.get', { attemptId: a.id }],
      ['mock.saveAnswer', { attemptId: a.id, no: 1, response: 'A' }],
      ['mock.submit', { attemptId: a.id }],
    ] as const) {
      const r = await api.gateway.callAs(asOther, name, input);
      expect(r.ok || r.error.code, name).toBe('not_found');
    }
    const paper = storedPaper(a.id);
    const tf = paper.items.find((i) => i.type === 'truefalse')!;
    const single = paper.items.find((i) => i.type === 'single')!;
    for (const [no, response] of [
      [81, 'A'],
      [tf.no, 'A'],
      [single.no, ['A', 'B']],
      [single.no, 'H'],
    ] as const) {
      const r = await api.gateway.callAs(as, 'mock.saveAnswer', { attemptId: a.id, no, response });
      expect(r.ok || r.error.code, `${no} ${JSON.stringify(response)}`).toBe('invalid_input');
    }
    expect(api.app.user.prepare('SELECT count(*) FROM mock_answers').pluck().get()).toBe(0);
    const anon = await api.gateway.call('mock.start', {});
    expect(anon.ok || anon.error.code).toBe('unauthenticated');
  });
});
