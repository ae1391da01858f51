import { describe, expect, it } from 'vitest';
import { checkResponse, expectedAnswer, gradePaper, gradeResponse, normalizeFill, type Gradable } from '../../electron/services/grading';
import type { PaperItem } from '../../electron/services/paper';

const opts = ['甲', '乙', '丙', '丁', '戊'];
const single: Gradable = { type: 'single', options: opts.slice(0, 4), key: ['C'], points: 1 };
const scenario: Gradable = { type: 'scenario', options: opts.slice(0, 4), key: ['A'], points: 2 };
const multiple: Gradable = { type: 'multiple', options: opts, key: ['A', 'C', 'D'], points: 2 };
const tf: Gradable = { type: 'truefalse', options: [], key: [false], points: 1 };
const fill: Gradable = { type: 'fill', options: [], key: ['CTI', '计算机电话集成', '留住客户', '公司'], points: 1 };
const essay: Gradable = { type: 'essay', options: [], key: [], points: 5 };

describe('grading', () => {
  it('single and scenario: exactly the key letter', () => {
    expect(gradeResponse(single, 'C', 'all_or_nothing')).toEqual({ outcome: 'correct', score: 1 });
    expect(gradeResponse(single, 'c', 'partial')).toEqual({ outcome: 'correct', score: 1 });
    expect(gradeResponse(single, 'B', 'all_or_nothing')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse(single, ['B', 'C'], 'partial')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse(scenario, 'A', 'all_or_nothing')).toEqual({ outcome: 'correct', score: 2 });
    expect(gradeResponse(scenario, 'D', 'all_or_nothing')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse(single, '', 'all_or_nothing')).toEqual({ outcome: 'unanswered', score: 0 });
    expect(gradeResponse(single, null, 'all_or_nothing')).toEqual({ outcome: 'unanswered', score: 0 });
  });

  it('multiple, all or nothing: only the full set scores', () => {
    expect(gradeResponse(multiple, ['D', 'A', 'C'], 'all_or_nothing')).toEqual({ outcome: 'correct', score: 2 });
    expect(gradeResponse(multiple, ['A', 'C'], 'all_or_nothing')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse(multiple, ['A', 'B', 'C', 'D'], 'all_or_nothing')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse(multiple, [], 'all_or_nothing')).toEqual({ outcome: 'unanswered', score: 0 });
  });

  it('multiple, partial: a correct subset scores points × chosen/total; any wrong choice scores 0', () => {
    expect(gradeResponse(multiple, ['A', 'C', 'D'], 'partial')).toEqual({ outcome: 'correct', score: 2 });
    expect(gradeResponse(multiple, ['A'], 'partial')).toEqual({ outcome: 'partial', score: 0.67 });
    expect(gradeResponse(multiple, ['C', 'A'], 'partial')).toEqual({ outcome: 'partial', score: 1.33 });
    expect(gradeResponse(multiple, ['A', 'A', 'C'], 'partial')).toEqual({ outcome: 'partial', score: 1.33 });
    expect(gradeResponse(multiple, ['A', 'B'], 'partial')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse(multiple, ['A', 'C', 'D', 'E'], 'partial')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse({ ...multiple, key: ['A', 'B'], points: 3 }, ['B'], 'partial')).toEqual({ outcome: 'partial', score: 1.5 });
  });

  it('true/false', () => {
    expect(gradeResponse(tf, false, 'all_or_nothing')).toEqual({ outcome: 'correct', score: 1 });
    expect(gradeResponse(tf, true, 'all_or_nothing')).toEqual({ outcome: 'wrong', score: 0 });
    expect(gradeResponse({ ...tf, key: [true] }, true, 'all_or_nothing')).toEqual({ outcome: 'correct', score: 1 });
    expect(gradeResponse(tf, 'false', 'all_or_nothing')).toEqual({ outcome: 'wrong', score: 0 });
  });

  it('fill: any accepted answer, normalised (NFKC width, case, spaces, quotes, trailing punctuation)', () => {
    for (const given of ['CTI', 'cti', 'ＣＴＩ', 'ｃｔｉ', '  CTI  ', 'CTI。', 'CTI.', 'cti！', '计算机电话集成', ' 计算机 电话集成 ', '留住客户。', '“公司”', '「公司」', '公司；']) {
      expect(gradeResponse(fill, given, 'all_or_nothing'), given).toEqual({ outcome: 'correct', score: 1 });
    }
    for (const given of ['CT', 'C T I', '客户', '计算机', '公司规定', '。']) {
      expect(gradeResponse(fill, given, 'all_or_nothing'), given).toEqual({ outcome: 'wrong', score: 0 });
    }
    expect(gradeResponse(fill, '   ', 'all_or_nothing')).toEqual({ outcome: 'unanswered', score: 0 });
    expect(normalizeFill('　ＡＢＣ　１２３．')).toBe('abc 123');
  });

  it('essay: not machine-graded; unanswered when blank', () => {
    expect(gradeResponse(essay, '奠定基调、诊断问题……', 'partial')).toEqual({ outcome: 'ungraded', score: 0 });
    expect(gradeResponse(essay, '', 'partial')).toEqual({ outcome: 'unanswered', score: 0 });
    expect(expectedAnswer({ ...essay, reference: '参考答案', keyPoints: [{ point: '要点一', score: 5 }] })).toEqual({
      kind: 'essay',
      reference: '参考答案',
      keyPoints: [{ point: '要点一', score: 5 }],
    });
  });

  it('checks the shape of a response against the question type', () => {
    expect(checkResponse(multiple, ['d', 'A', 'A'])).toEqual(['A', 'D']);
    expect(checkResponse(single, 'b')).toBe('B');
    expect(() => checkResponse(single, 'E')).toThrow(/does not exist/);
    expect(() => checkResponse(single, ['A', 'B'])).toThrow(/one option/);
    expect(() => checkResponse(single, true)).toThrow(/letters/);
    expect(() => checkResponse(tf, 'true')).toThrow(/true or false/);
    expect(() => checkResponse(fill, ['A'])).toThrow(/text/);
    expect(() => checkResponse(fill, 'x'.repeat(201))).toThrow(/too long/);
    expect(checkResponse(essay, '答案')).toBe('答案');
  });

  it('grades a paper with per-chapter subtotals', () => {
    const item = (no: number, g: Gradable, chapterId: string): PaperItem => ({
      ...g, no, questionId: `q${no}`, chapterId, sectionId: 's', difficulty: 1, stem: '', options: [...g.options], optionOrder: [],
      key: [...g.key], explanation: '', reference: '', keyPoints: [], contentVersion: 'v',
    });
    const paper = { scoring: 'partial' as const, items: [item(1, single, 'a'), item(2, multiple, 'a'), item(3, tf, 'b'), item(4, essay, 'b'), item(5, fill, 'b')] };
    const r = gradePaper(paper, new Map<number, string | string[] | boolean>([[1, 'C'], [2, ['A']], [3, true], [4, '写了一些']]), (id) => `第${id}章`);
    expect(r.score).toBe(1.67);
    expect(r.grades.map((g) => g.outcome)).toEqual(['correct', 'partial', 'wrong', 'ungraded', 'unanswered']);
    expect(r.ungraded).toBe(1);
    expect(r.byChapter).toEqual([
      { chapterId: 'a', chapterTitle: '第a章', score: 1.67, maxScore: 3 },
      { chapterId: 'b', chapterTitle: '第b章', score: 0, maxScore: 7 },
    ]);
  });
});
