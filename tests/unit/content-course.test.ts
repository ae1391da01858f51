import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileContent, formatIssues } from '../../db/content/compile';
import { countCjk, type Course, type QuestionType } from '../../db/content/model';
import { blueprintTotal } from '../../db/content/parseBlueprints';
import { ROOT } from '../helpers/paths';

let course: Course;

beforeAll(() => {
  const r = compileContent(path.join(ROOT, 'content'));
  if (!r.course) throw new Error(`content/ does not compile:\n${formatIssues(r.issues)}`);
  course = r.course;
});

const TYPES: QuestionType[] = ['single', 'multiple', 'truefalse', 'fill', 'scenario', 'essay'];

describe('the real course', () => {
  it('has at least 8 chapters, each with sections, objectives, key points and worked examples', () => {
    expect(course.chapters.length).toBeGreaterThanOrEqual(8);
    expect(course.chapters.map((c) => c.order)).toEqual([...course.chapters.map((c) => c.order)].sort((a, b) => a - b));
    for (const c of course.chapters) {
      const top = c.sections.filter((s) => s.level === 2);
      const subs = c.sections.filter((s) => s.level === 3);
      expect(top.length, `${c.id}: ## sections`).toBeGreaterThanOrEqual(3);
      expect(c.objectives.length, `${c.id}: objectives`).toBeGreaterThanOrEqual(3);
      expect(c.summary.trim(), `${c.id}: summary`).not.toBe('');
      expect(c.sections.some((s) => /^>\s*要点[：:]/m.test(s.markdown)), `${c.id}: a "> 要点：" key point`).toBe(true);
      expect(subs.length, `${c.id}: ### worked examples`).toBeGreaterThanOrEqual(1);
      for (const s of top) expect(c.sectionSources[s.id], `${c.id}#${s.id}: seeds in front matter`).toBeDefined();
    }
  });

  it('has at least 30,000 CJK characters of course text', () => {
    const chars = course.chapters.reduce(
      (n, c) => n + countCjk(c.intro) + c.sections.reduce((m, s) => m + countCjk(s.title) + countCjk(s.markdown), 0),
      0,
    );
    expect(chars).toBeGreaterThanOrEqual(30_000);
  });

  it('has a bank of at least 400 questions, at least 35 per chapter and 60 scenarios, every type present', () => {
    const qs = course.questions;
    expect(qs.length).toBeGreaterThanOrEqual(400);
    for (const c of course.chapters) {
      const mine = qs.filter((q) => q.chapterId === c.id);
      expect(mine.length, `${c.id}: questions`).toBeGreaterThanOrEqual(35);
    }
    expect(qs.filter((q) => q.type === 'scenario').length).toBeGreaterThanOrEqual(60);
    for (const t of TYPES) expect(qs.filter((q) => q.type === t).length, `type ${t}`).toBeGreaterThan(0);
  });

  it('gives every question an explanation and every essay a reference answer and scored key points', () => {
    for (const q of course.questions) {
      expect(q.explanation.trim(), `${q.id}: explanation`).not.toBe('');
      if (q.type === 'essay') {
        expect(q.reference.trim(), `${q.id}: reference`).not.toBe('');
        expect(q.keyPoints.length, `${q.id}: key points`).toBeGreaterThanOrEqual(2);
        for (const k of q.keyPoints) expect(k.score, `${q.id}: key point score`).toBeGreaterThan(0);
      }
      if (q.type === 'fill') expect(q.answer.length, `${q.id}: accepted answers`).toBeGreaterThanOrEqual(1);
    }
  });

  it('never uses "all/none of the above" options', () => {
    for (const q of course.questions) {
      for (const o of q.options) expect(o, `${q.id}`).not.toMatch(/以上(都|均|皆|全)(对|不对|正确|错误|是|不是)/);
    }
  });

  it('spreads the correct letters of one-answer choice questions', () => {
    for (const types of [['single'], ['scenario'], ['single', 'scenario']]) {
      const keys = course.questions.filter((q) => types.includes(q.type)).map((q) => String(q.answer[0]));
      const counts = new Map<string, number>();
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      for (const [letter, n] of counts) {
        expect(n / keys.length, `${types.join('+')}: ${letter} is the key of ${n}/${keys.length}`).toBeLessThanOrEqual(0.5);
      }
      expect(counts.size, `${types.join('+')}: letters used`).toBeGreaterThanOrEqual(3);
    }
  });

  it('does not give the key away by length: the key is the longest option in at most half the items', () => {
    const items = course.questions.filter((q) => q.type === 'single' || q.type === 'scenario');
    const giveaways = items.filter((q) => {
      const key = 'ABCDEF'.indexOf(String(q.answer[0]));
      const others = q.options.filter((_, i) => i !== key).map((o) => o.length);
      return q.options[key].length > Math.max(...others);
    });
    expect(giveaways.length / items.length, `${giveaways.length}/${items.length} keys are the longest option`).toBeLessThanOrEqual(0.5);
  });

  it('has a certification blueprint of 100 points, 90 minutes, pass 60, drawn from all chapters', () => {
    const cert = course.blueprints.find((b) => b.kind === 'certification');
    expect(cert).toBeDefined();
    expect(blueprintTotal(cert!)).toBe(100);
    expect(cert!.timeLimitMinutes).toBe(90);
    expect(cert!.passScore).toBe(60);
    const reached = new Set(cert!.draw.flatMap((d) => (d.chapters === 'all' ? course.chapters.map((c) => c.id) : d.chapters)));
    expect([...reached].sort()).toEqual(course.chapters.map((c) => c.id).sort());
    expect(cert!.draw.some((d) => d.difficulty), 'certification draws by difficulty').toBe(true);
  });

  it('has a mock exam and one practice set per chapter; every blueprint passes the draw check', () => {
    expect(course.blueprints.some((b) => b.kind === 'mock')).toBe(true);
    for (const c of course.chapters) {
      const practice = course.blueprints.filter(
        (b) => b.kind === 'practice' && b.draw.every((d) => d.chapters !== 'all' && d.chapters.length === 1 && d.chapters[0] === c.id),
      );
      expect(practice.length, `${c.id}: practice set`).toBeGreaterThanOrEqual(1);
    }
    // compileContent returned a course, so blueprintShortfalls found nothing; each blueprint awards points.
    for (const b of course.blueprints) expect(blueprintTotal(b), b.id).toBeGreaterThanOrEqual(b.passScore);
  });
});
