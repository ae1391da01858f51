import { describe, expect, it } from 'vitest';
import type { QuestionSource } from '../../db/content/model';
import { loadBank } from '../../electron/services/questionBank';
import type { ResponseValue } from '../../electron/shared/practiceTypes';
import { openTestApi } from '../helpers/app';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A test clock the app reads through `now`. */
function clock(start = Date.UTC(2025, 2, 3, 1, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function learner(opts: Parameters<typeof openTestApi>[0] = {}) {
  const api = await openTestApi(opts);
  const me = await api.call('profiles.create', { employeeId: 'E100', name: '王芳', branch: '城南营业厅' });
  return { api, me, bank: loadBank(api.app.content) };
}

function rightResponse(q: QuestionSource): ResponseValue {
  if (q.type === 'multiple') return q.answer as string[];
  if (q.type === 'truefalse' || q.type === 'fill' || q.type === 'essay') return q.type === 'essay' ? '答' : (q.answer[0] as ResponseValue);
  return q.answer[0] as string;
}

function wrongResponse(q: QuestionSource): ResponseValue {
  if (q.type === 'truefalse') return !q.answer[0];
  if (q.type === 'fill') return '完全不对的答案';
  const wrong = 'ABCDEFGH'.slice(0, q.options.length).split('').find((l) => !q.answer.includes(l))!;
  return q.type === 'multiple' ? [wrong] : wrong;
}

describe('practice by chapter and section', () => {
  it('draws a set from the chapter or from a section with its sub-sections, without keys', async () => {
    const { api, bank, me } = await learner();
    const set = await api.call('practice.start', { chapterId: 'complaints', limit: 50 }, me.session);
    const inChapter = bank.questions.filter((q) => q.chapterId === 'complaints');
    expect(set.available).toBe(inChapter.length);
    expect(set.questions).toHaveLength(Math.min(50, inChapter.length));
    expect(set.scope).toMatchObject({ chapterId: 'complaints', chapterTitle: '投诉处理技巧', sectionId: null });
    expect(set.questions.every((q) => q.chapterId === 'complaints')).toBe(true);

    const defaultSet = await api.call('practice.start', { chapterId: 'complaints' }, me.session);
    expect(defaultSet.questions).toHaveLength(10);

    const sectionId = inChapter[0].sectionId;
    const chapter = await api.call('content.getChapter', { chapterId: 'complaints' });
    const section = chapter.sections.find((s) => s.id === sectionId)!;
    const top = section.parentId ?? section.id;
    const family = new Set(chapter.sections.filter((s) => s.id === top || s.parentId === top).map((s) => s.id));
    const sectionSet = await api.call('practice.start', { chapterId: 'complaints', sectionId: top, limit: 50 }, me.session);
    expect(sectionSet.scope.sectionTitle).toBe(chapter.sections.find((s) => s.id === top)!.title);
    expect(sectionSet.available).toBe(inChapter.filter((q) => family.has(q.sectionId)).length);
    expect(sectionSet.questions.length).toBeGreaterThan(0);
    expect(sectionSet.questions.every((q) => family.has(q.sectionId))).toBe(true);

    const missing = await api.gateway.call('practice.start', { chapterId: 'complaints', sectionId: 'no-such-section' }, me.session);
    expect(missing.ok || missing.error.code).toBe('not_found');
  });

  it('gives immediate feedback with the key, the explanation and the section link, and records the answer', async () => {
    const { api, bank, me } = await learner();
    const q = bank.questions.find((x) => x.type === 'single' && x.chapterId === 'etiquette')!;
    const right = await api.call('practice.answer', { questionId: q.id, response: rightResponse(q) }, me.session);
    expect(right).toMatchObject({
      questionId: q.id,
      outcome: 'correct',
      correct: true,
      expected: { kind: 'choice', letters: q.answer },
      explanation: q.explanation,
      section: { chapterId: 'etiquette', sectionId: q.sectionId },
      wrongBook: { open: false, wrongCount: 0 },
      reviewDue: null,
    });
    expect(right.section.sectionTitle).not.toBe(q.sectionId);
    const wrong = await api.call('practice.answer', { questionId: q.id, response: wrongResponse(q) }, me.session);
    expect(wrong).toMatchObject({ outcome: 'wrong', correct: false, wrongBook: { open: true, wrongCount: 1 } });

    const rows = api.app.user.prepare('SELECT question_id, chapter_id, answer, correct FROM practice_answers WHERE person_id = ? ORDER BY id').all(me.person.id);
    expect(rows).toEqual([
      { question_id: q.id, chapter_id: 'etiquette', answer: JSON.stringify(rightResponse(q)), correct: 1 },
      { question_id: q.id, chapter_id: 'etiquette', answer: JSON.stringify(wrongResponse(q)), correct: 0 },
    ]);
    const stats = await api.call('practice.stats', {}, me.session);
    expect(stats.chapters.find((c) => c.chapterId === 'etiquette')).toMatchObject({ answered: 1, attempts: 2, right: 1, wrongOpen: 1 });
    expect(stats.wrongOpen).toBe(1);
    expect(stats.chapters).toHaveLength(8);
  });

  it('grades every type: multiple all-or-nothing, true/false, normalised fill, essay revealed for self-check', async () => {
    const { api, bank, me } = await learner();
    const multiple = bank.questions.find((x) => x.type === 'multiple')!;
    const partial = await api.call('practice.answer', { questionId: multiple.id, response: [multiple.answer[0] as string] }, me.session);
    expect(partial.correct).toBe(false);
    const full = await api.call('practice.answer', { questionId: multiple.id, response: [...(multiple.answer as string[])].reverse() }, me.session);
    expect(full.correct).toBe(true);

    const tf = bank.questions.find((x) => x.type === 'truefalse')!;
    expect((await api.call('practice.answer', { questionId: tf.id, response: tf.answer[0] as boolean }, me.session)).correct).toBe(true);
    expect((await api.call('practice.answer', { questionId: tf.id, response: !tf.answer[0] }, me.session)).expected).toEqual({ kind: 'truefalse', value: tf.answer[0] });

    const fill = bank.questions.find((x) => x.type === 'fill' && /^[A-Za-z]+$/.test(String(x.answer[0])))!;
    const fullWidth = String(fill.answer[0]).toLowerCase().replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const fb = await api.call('practice.answer', { questionId: fill.id, response: `${fullWidth}。` }, me.session);
    expect(fb).toMatchObject({ correct: true, expected: { kind: 'fill', accepted: fill.answer } });

    const essay = bank.questions.find((x) => x.type === 'essay')!;
    const reveal = await api.call('practice.answer', { questionId: essay.id, response: '我的作答' }, me.session);
    expect(reveal).toMatchObject({ outcome: 'ungraded', correct: null, expected: { kind: 'essay', reference: essay.reference, keyPoints: essay.keyPoints } });
    expect(api.app.user.prepare('SELECT count(*) FROM practice_answers WHERE question_id = ?').pluck().get(essay.id)).toBe(0);
    const missed = await api.call('practice.selfCheck', { questionId: essay.id, knewIt: false }, me.session);
    expect(missed.wrongBook).toEqual({ open: true, wrongCount: 1 });
    const single = bank.questions.find((x) => x.type === 'single')!;
    const notEssay = await api.gateway.call('practice.selfCheck', { questionId: single.id, knewIt: true }, me.session);
    expect(notEssay.ok || notEssay.error.code).toBe('invalid_input');
  });

  it('refuses blank, ill-shaped and unknown answers without recording anything', async () => {
    const { api, bank, me } = await learner();
    const single = bank.questions.find((x) => x.type === 'single' && x.options.length === 4)!;
    const tf = bank.questions.find((x) => x.type === 'truefalse')!;
    for (const [questionId, response] of [
      [single.id, ''],
      [single.id, 'F'],
      [single.id, ['A', 'B']],
      [tf.id, 'true'],
      ['complaints-999', 'A'],
    ] as const) {
      const r = await api.gateway.call('practice.answer', { questionId, response }, me.session);
      expect(r.ok, `${questionId} ${JSON.stringify(response)}`).toBe(false);
    }
    expect(api.app.user.prepare('SELECT count(*) FROM practice_answers').pluck().get()).toBe(0);
  });
});

describe('错题本 (wrong-answer book)', () => {
  it('collects every wrong answer per learner, grouped by chapter, until answered right', async () => {
    const { api, bank, me } = await learner();
    const other = await api.call('profiles.create', { employeeId: 'E200', name: '赵磊', branch: '' });
    const a = bank.questions.find((x) => x.chapterId === 'complaints' && x.type === 'single')!;
    const b = bank.questions.find((x) => x.chapterId === 'etiquette' && x.type === 'truefalse')!;
    await api.call('practice.answer', { questionId: a.id, response: wrongResponse(a) }, me.session);
    await api.call('practice.answer', { questionId: a.id, response: wrongResponse(a) }, me.session);
    await api.call('practice.answer', { questionId: b.id, response: wrongResponse(b) }, me.session);

    let book = await api.call('practice.wrongBook', {}, me.session);
    expect(book.map((c) => c.chapterId)).toEqual(['etiquette', 'complaints']); // course order: 第3章 before 第5章
    expect(book.find((c) => c.chapterId === 'complaints')!.items).toEqual([
      expect.objectContaining({ question: expect.objectContaining({ id: a.id, stem: a.stem }), wrongCount: 2 }),
    ]);
    expect(await api.call('practice.wrongBook', {}, other.session)).toEqual([]);

    // A later practice set of that chapter brings the open wrong one first.
    const set = await api.call('practice.start', { chapterId: 'complaints', limit: 3 }, me.session);
    expect(set.questions[0].id).toBe(a.id);

    const fixed = await api.call('practice.answer', { questionId: a.id, response: rightResponse(a) }, me.session);
    expect(fixed.wrongBook).toEqual({ open: false, wrongCount: 2 });
    book = await api.call('practice.wrongBook', {}, me.session);
    expect(book.find((c) => c.chapterId === 'complaints')).toMatchObject({ items: [], resolved: 1 });
    expect(api.app.user.prepare('SELECT resolved_at FROM wrong_book WHERE question_id = ?').pluck().get(a.id)).not.toBeNull();

    // Wrong again: back in the book, count goes on, resolved mark cleared.
    await api.call('practice.answer', { questionId: a.id, response: wrongResponse(a) }, me.session);
    book = await api.call('practice.wrongBook', {}, me.session);
    expect(book.find((c) => c.chapterId === 'complaints')!.items[0]).toMatchObject({ wrongCount: 3 });
    expect(api.app.user.prepare('SELECT resolved_at FROM wrong_book WHERE question_id = ?').pluck().get(a.id)).toBeNull();
    expect((await api.call('practice.stats', {}, me.session)).wrongOpen).toBe(2);
  });
});

describe('spaced review (ts-fsrs)', () => {
  it('queues questions answered wrong or marked hard when due, and reschedules them when answered from the queue', async () => {
    const c = clock();
    const { api, bank, me } = await learner({ now: c.now });
    // The clock jumps days ahead, past any session's idle limit: call as the signed-in learner directly.
    const as = { role: 'learner' as const, personId: me.person.id };
    const [wrongOne, hardOne, rightOne] = bank.questions.filter((x) => x.type === 'single').slice(0, 3);
    await api.callAs(as, 'practice.answer', { questionId: rightOne.id, response: rightResponse(rightOne) });
    const missed = await api.callAs(as, 'practice.answer', { questionId: wrongOne.id, response: wrongResponse(wrongOne) });
    expect(missed.reviewDue).toBeGreaterThan(c.now());
    await api.callAs(as, 'practice.answer', { questionId: hardOne.id, response: rightResponse(hardOne) });
    const hard = await api.callAs(as, 'practice.markHard', { questionId: hardOne.id });
    expect(hard.due).toBeGreaterThan(c.now());

    // Nothing is due yet: both were just scheduled a little later.
    let queue = await api.callAs(as, 'practice.reviewQueue', {});
    expect(queue.questions).toEqual([]);
    expect(queue.nextDue).toBe(Math.min(missed.reviewDue!, hard.due));

    c.advance(DAY);
    queue = await api.callAs(as, 'practice.reviewQueue', {});
    expect(queue.questions.map((q) => q.id).sort()).toEqual([wrongOne.id, hardOne.id].sort());
    expect(queue.dueCount).toBe(2);
    expect((await api.callAs(as, 'practice.stats', {})).reviewDue).toBe(2);
    expect(queue.questions.some((q) => q.id === rightOne.id)).toBe(false);

    // Answering from the queue: right → Good, pushed into the future; wrong → Again, due again soon.
    const good = await api.callAs(as, 'practice.answer', { questionId: wrongOne.id, response: rightResponse(wrongOne) });
    expect(good.reviewDue).toBeGreaterThan(c.now());
    const again = await api.callAs(as, 'practice.answer', { questionId: hardOne.id, response: wrongResponse(hardOne) });
    expect(again.reviewDue).toBeGreaterThan(c.now());
    expect(again.reviewDue! - c.now()).toBeLessThan(good.reviewDue! - c.now());
    expect((await api.callAs(as, 'practice.reviewQueue', {})).questions).toEqual([]);

    const cards = api.app.user.prepare('SELECT question_id, card FROM review_cards WHERE person_id = ?').all(me.person.id) as { question_id: string; card: string }[];
    const reps = Object.fromEntries(cards.map((r) => [r.question_id, (JSON.parse(r.card) as { reps: number; lapses: number }).reps]));
    expect(reps).toEqual({ [wrongOne.id]: 2, [hardOne.id]: 2 });

    // Later both are due again; the one just missed (shorter interval) comes first.
    c.advance(30 * DAY);
    queue = await api.callAs(as, 'practice.reviewQueue', {});
    expect(queue.questions[0].id).toBe(hardOne.id);
  });
});
