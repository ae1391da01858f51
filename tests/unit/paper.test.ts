import { describe, expect, it } from 'vitest';
import { LETTERS, type QuestionSource } from '../../db/content/model';
import { drawPaper, paperFingerprint, sfc32, type Paper } from '../../electron/services/paper';
import { loadBank, loadBlueprint, type BlueprintSpec } from '../../electron/services/questionBank';
import { openTestApp } from '../helpers/app';

async function course() {
  const app = await openTestApp();
  const bank = loadBank(app.content);
  return { bank, mock: loadBlueprint(app.content, 'mock'), certification: loadBlueprint(app.content, 'certification') };
}

const ids = (p: Paper) => p.items.map((i) => i.questionId);

describe('paper drawing', () => {
  it('uses a PRNG whose stream is fixed for a seed (papers can be re-created from the recorded seed)', () => {
    const r = sfc32(1);
    expect([r(), r(), r()]).toEqual([792534090, 3215351813, 160231488]);
    const r2 = sfc32(0xdeadbeef);
    expect([r2(), r2(), r2()]).toEqual([722167315, 3701468297, 3258766502]);
  });

  it('gives the same paper for the same seed and bank, down to option order and keys', async () => {
    const { bank, certification } = await course();
    const a = drawPaper(certification, bank.questions, 20240601, bank.version);
    const b = drawPaper(certification, bank.questions, 20240601, bank.version);
    expect(b).toEqual(a);
    // A copy of the bank (no cached pools) gives the same paper as the cached one.
    expect(drawPaper(certification, [...bank.questions], 20240601, bank.version)).toEqual(a);
    expect(paperFingerprint(b)).toBe(paperFingerprint(a));
    expect(a.seed).toBe(20240601);
    expect(a.contentVersion).toBe(bank.version);
    expect(a.items.every((i) => i.contentVersion === bank.version)).toBe(true);
  });

  it('gives different papers for different seeds', async () => {
    const { bank, mock } = await course();
    const papers = Array.from({ length: 20 }, (_, s) => drawPaper(mock, bank.questions, s + 1, bank.version));
    const distinct = new Set(papers.map((p) => ids(p).join(',')));
    expect(distinct.size).toBe(20);
    expect(new Set(papers.map((p) => paperFingerprint(p))).size).toBe(20);
    // Not just reordered: the set of questions differs too.
    expect(new Set(papers.map((p) => [...ids(p)].sort().join(','))).size).toBe(20);
  });

  it('respects every draw rule: type, count, chapters, difficulty mix and points, with no question twice', async () => {
    const { bank, mock, certification } = await course();
    for (const blueprint of [mock, certification]) {
      for (const seed of [1, 2, 3, 99, 4_000_000_000]) {
        const paper = drawPaper(blueprint, bank.questions, seed, bank.version);
        const expectedCount = blueprint.draw.reduce((s, r) => s + r.count, 0);
        expect(paper.items).toHaveLength(expectedCount);
        expect(new Set(ids(paper)).size).toBe(expectedCount);
        expect(paper.items.map((i) => i.no)).toEqual(paper.items.map((_, i) => i + 1));
        expect(paper.maxScore).toBe(blueprint.draw.reduce((s, r) => s + r.count * r.points, 0));
        let at = 0;
        for (const rule of blueprint.draw) {
          const slice = paper.items.slice(at, at + rule.count);
          at += rule.count;
          expect(slice.every((i) => i.type === rule.type && i.points === rule.points)).toBe(true);
          if (rule.chapters !== 'all') expect(slice.every((i) => (rule.chapters as string[]).includes(i.chapterId))).toBe(true);
          if (rule.difficulty) {
            for (const [d, n] of Object.entries(rule.difficulty)) expect(slice.filter((i) => i.difficulty === Number(d))).toHaveLength(n!);
          }
        }
      }
    }
    const cert = drawPaper(certification, bank.questions, 5, bank.version);
    expect(cert.maxScore).toBe(100);
    expect(cert.items.filter((i) => i.type === 'essay').every((i) => ['complaints', 'telemarketing'].includes(i.chapterId))).toBe(true);
  });

  it('shuffles options and maps the key to the delivered order', async () => {
    const { bank, mock } = await course();
    let moved = 0;
    let choices = 0;
    for (const seed of [7, 8, 9]) {
      const paper = drawPaper(mock, bank.questions, seed, bank.version);
      for (const item of paper.items) {
        const q = bank.byId.get(item.questionId)!;
        expect(item.stem).toBe(q.stem);
        expect(item.explanation).toBe(q.explanation);
        expect([...item.options].sort()).toEqual([...q.options].sort());
        expect(item.options).toEqual(item.optionOrder.map((i) => q.options[i]));
        if (['single', 'multiple', 'scenario'].includes(item.type)) {
          choices++;
          if (item.optionOrder.some((o, i) => o !== i)) moved++;
          // The delivered key letters point at the same option texts as the bank's key.
          const deliveredKeyTexts = (item.key as string[]).map((l) => item.options[LETTERS.indexOf(l)]).sort();
          const bankKeyTexts = (q.answer as string[]).map((l) => q.options[LETTERS.indexOf(l)]).sort();
          expect(deliveredKeyTexts).toEqual(bankKeyTexts);
          expect(item.key).toEqual([...item.key].sort());
        } else {
          expect(item.options).toEqual(q.options);
          expect(item.key).toEqual(q.answer);
        }
      }
    }
    // With 4–6 options, a uniform shuffle leaves the bank order in place ≤ 1/24 of the time.
    expect(moved / choices).toBeGreaterThan(0.85);
  });

  it('shuffles question order within each rule', async () => {
    const { bank, mock } = await course();
    const first = drawPaper(mock, bank.questions, 11, bank.version);
    const firstSingles = first.items.filter((i) => i.type === 'single').map((i) => i.questionId);
    expect(firstSingles).not.toEqual([...firstSingles].sort());
  });

  it('draws the most constrained rule first, so overlapping rules still fill', () => {
    const q = (id: string, chapterId: string): QuestionSource => ({
      file: 'x', line: 0, id, type: 'single', chapterId, sectionId: 's', difficulty: 1, stem: id, options: ['a', 'b', 'c'],
      answer: ['A'], explanation: 'e', reference: '', keyPoints: [], source: '',
    });
    const bank = [q('a-1', 'a'), q('a-2', 'a'), q('b-1', 'b')];
    const bp: BlueprintSpec = {
      id: 'overlap', kind: 'mock', title: 't', timeLimitMinutes: 10, passScore: 1, multipleChoiceScoring: 'all_or_nothing',
      draw: [
        { type: 'single', count: 2, points: 1, chapters: 'all' },
        { type: 'single', count: 1, points: 1, chapters: ['b'] },
      ],
    };
    for (let seed = 0; seed < 50; seed++) {
      const paper = drawPaper(bp, bank, seed, 'v');
      expect(paper.items[2].questionId).toBe('b-1');
      expect(paper.items.slice(0, 2).map((i) => i.questionId).sort()).toEqual(['a-1', 'a-2']);
    }
  });

  it('refuses a blueprint the bank cannot fill', async () => {
    const { bank, mock } = await course();
    const greedy: BlueprintSpec = { ...mock, draw: [{ type: 'essay', count: 1000, points: 1, chapters: 'all' }] };
    expect(() => drawPaper(greedy, bank.questions, 1, bank.version)).toThrow(/cannot fill/);
  });
});
