/**
 * Item analysis and score statistics on data sets small enough to compute by hand (Moodle's quiz
 * statistics formulas: see electron/services/records/itemAnalysis.ts).
 */
import { describe, expect, it } from 'vitest';
import { discriminationFlag, itemAnalysis, itemAnalysisBuilder, type AttemptScores } from '../../electron/services/records/itemAnalysis';
import { timeSpent } from '../../electron/services/records/recordDetail';
import { scoreHistogram, scoreSummary } from '../../electron/services/records/statistics';

/** One attempt from `{ questionId: [score, max] }`; the total is the sum of the item scores. */
function attempt(items: Record<string, [number, number]>): AttemptScores {
  const itemScores = new Map(Object.entries(items).map(([id, [score, max]]) => [id, { score, max }]));
  return { itemScores, total: [...itemScores.values()].reduce((s, x) => s + x.score, 0) };
}

describe('item analysis (Moodle quiz statistics)', () => {
  // Q1, Q2 worth 1; Q3 worth 2 (partial credit); Q4 answered right by everyone.
  //        Q1 Q2 Q3 Q4  total
  //   a1    1  0  2  1   4
  //   a2    1  0  2  1   4
  //   a3    0  1  1  1   3
  //   a4    0  1  0  1   2
  const matrix = [
    attempt({ Q1: [1, 1], Q2: [0, 1], Q3: [2, 2], Q4: [1, 1] }),
    attempt({ Q1: [1, 1], Q2: [0, 1], Q3: [2, 2], Q4: [1, 1] }),
    attempt({ Q1: [0, 1], Q2: [1, 1], Q3: [1, 2], Q4: [1, 1] }),
    attempt({ Q1: [0, 1], Q2: [1, 1], Q3: [0, 2], Q4: [1, 1] }),
  ];
  const stats = itemAnalysis(matrix);

  it('a well-discriminating item: facility, SD, discrimination and efficiency as computed by hand', () => {
    // Q1: x = [1,1,0,0] (mean .5), rest = [3,3,3,2] (mean 2.75); deviations x: ±.5, rest: [.25,.25,.25,−.75].
    // C = (.125 + .125 − .125 + .375)/3 = 1/6; V(x) = 1/3; V(rest) = .75/3 = 1/4.
    // discrimination = 100·(1/6)/sqrt(1/12) = 100·sqrt(12)/6 = 57.735…
    // sorted x [0,0,1,1] with sorted rest [2,3,3,3]: Cmax = (.375 − .125 + .125 + .125)/3 = 1/6 → efficiency 100.
    const q1 = stats.get('Q1')!;
    expect(q1.attempts).toBe(4);
    expect(q1.facility).toBeCloseTo(50, 10);
    expect(q1.sd).toBeCloseTo(100 * Math.sqrt(1 / 3), 10); // 57.735
    expect(q1.discrimination).toBeCloseTo((100 * Math.sqrt(12)) / 6, 10);
    expect(q1.efficiency).toBeCloseTo(100, 10);
    expect(q1.flag).toBeNull();
  });

  it('an item the weaker candidates get right discriminates negatively and is flagged', () => {
    // Q2: x = [0,0,1,1], rest = [4,4,2,1] (mean 2.75). C = −2.5/3; V(x) = 1/3; V(rest) = 6.75/3 = 2.25.
    // discrimination = 100·(−2.5/3)/sqrt(.75) = −96.225…; Cmax (sorted rest [1,2,4,4]) = 2.5/3 → efficiency −100.
    const q2 = stats.get('Q2')!;
    expect(q2.facility).toBeCloseTo(50, 10);
    expect(q2.discrimination).toBeCloseTo((100 * (-2.5 / 3)) / Math.sqrt(0.75), 10);
    expect(q2.discrimination).toBeCloseTo(-96.225, 3);
    expect(q2.efficiency).toBeCloseTo(-100, 10);
    expect(q2.flag).toBe('negative');
  });

  it('zero variance in the item or in the rest of the test gives null discrimination and efficiency', () => {
    // Q3 (worth 2): x = [2,2,1,0] → facility 1.25/2 = 62.5 %, SD sqrt(2.75/3)/2; rest = [2,2,2,2] has no variance.
    const q3 = stats.get('Q3')!;
    expect(q3.facility).toBeCloseTo(62.5, 10);
    expect(q3.sd).toBeCloseTo((100 * Math.sqrt(2.75 / 3)) / 2, 10);
    expect(q3.discrimination).toBeNull();
    expect(q3.efficiency).toBeNull();
    expect(q3.flag).toBeNull();
    // Q4: everyone right → facility 100, SD 0, nothing to correlate.
    expect(stats.get('Q4')).toEqual({ attempts: 4, facility: 100, sd: 0, discrimination: null, efficiency: null, flag: null });
  });

  it('an item that does not tell stronger from weaker candidates is flagged weak', () => {
    // W: x = [1,1,0,0], rest = [3,2,3,2]: deviations [.5,.5,−.5,−.5] and [.5,−.5,.5,−.5] → C = 0;
    // sorted x [0,0,1,1] with sorted rest [2,2,3,3] gives Cmax = 1/3, so efficiency is 0 too.
    const flat = itemAnalysis([
      attempt({ W: [1, 1], A: [1, 1], B: [1, 1], C: [1, 1] }),
      attempt({ W: [1, 1], A: [1, 1], B: [1, 1], C: [0, 1] }),
      attempt({ W: [0, 1], A: [1, 1], B: [1, 1], C: [1, 1] }),
      attempt({ W: [0, 1], A: [1, 1], B: [1, 1], C: [0, 1] }),
    ]).get('W')!;
    expect(flat.discrimination).toBe(0);
    expect(flat.efficiency).toBe(0);
    expect(flat.flag).toBe('weak');
    expect([-0.01, 0, 9.99, 10, 55, null].map(discriminationFlag)).toEqual(['negative', 'weak', 'weak', null, null, null]);
  });

  it('questions drawn into only some papers are analysed over the attempts that had them; one attempt gives no correlation', () => {
    const r = itemAnalysis([
      attempt({ A: [1, 1], B: [1, 1], R: [1, 1] }),
      attempt({ A: [0, 1], B: [1, 1] }),
      attempt({ A: [1, 1], B: [0, 1], S: [0, 1] }),
    ]);
    expect(r.get('A')!.attempts).toBe(3);
    expect(r.get('R')).toEqual({ attempts: 1, facility: 100, sd: 0, discrimination: null, efficiency: null, flag: null });
    expect(r.get('S')).toMatchObject({ attempts: 1, facility: 0, discrimination: null });
  });

  it('gathered question by question (as exports do), a question twice on one paper counts once with its scores summed', () => {
    const b = itemAnalysisBuilder();
    const papers: [number, [string, number, number][]][] = [
      [3, [['A', 1, 1], ['D', 1, 1], ['D', 1, 1]]],
      [1, [['A', 0, 1], ['D', 1, 1], ['D', 0, 1]]],
      [2, [['A', 1, 1], ['D', 0, 1], ['D', 1, 1]]],
    ];
    for (const [total, items] of papers) {
      b.startAttempt(total);
      for (const [id, score, max] of items) b.item(id, score, max);
    }
    expect(b.result()).toEqual(
      itemAnalysis([
        { total: 3, itemScores: new Map([['A', { score: 1, max: 1 }], ['D', { score: 2, max: 2 }]]) },
        { total: 1, itemScores: new Map([['A', { score: 0, max: 1 }], ['D', { score: 1, max: 2 }]]) },
        { total: 2, itemScores: new Map([['A', { score: 1, max: 1 }], ['D', { score: 1, max: 2 }]]) },
      ]),
    );
    // D: x = [2,1,1] of 2 each, rest = [1,0,1].
    expect(b.result().get('D')).toMatchObject({ attempts: 3, facility: (100 * (4 / 3)) / 2 });
  });
});

describe('score summary and histogram', () => {
  it('mean, median and the sample SD (n − 1, as Moodle)', () => {
    // deviations from 75: −15, −5, 5, 15 → Σ² = 500 → SD = sqrt(500/3) = 12.910…
    const s = scoreSummary([90, 60, 80, 70]);
    expect(s.mean).toBe(75);
    expect(s.median).toBe(75);
    expect(s.sd).toBeCloseTo(Math.sqrt(500 / 3), 10);
    expect(scoreSummary([88, 40, 61])).toMatchObject({ mean: 63, median: 61 });
    expect(scoreSummary([72])).toEqual({ mean: 72, median: 72, sd: null });
    expect(scoreSummary([])).toEqual({ mean: null, median: null, sd: null });
  });

  it('ten bins of the score share: lower edges inclusive, 100 % in the last bin', () => {
    const h = scoreHistogram([0, 9.99, 10, 19.999, (0.3 * 100 * 3) / 3, (29.1 * 100) / 97, 89.99, 90, 100]);
    expect(h.map((b) => [b.from, b.to])).toEqual([
      [0, 10], [10, 20], [20, 30], [30, 40], [40, 50], [50, 60], [60, 70], [70, 80], [80, 90], [90, 100],
    ]);
    // 29.1 of 97 points is 30 % (computed as 29.999…): it belongs in [30, 40).
    expect(h.map((b) => b.count)).toEqual([2, 2, 0, 2, 0, 0, 0, 0, 1, 2]);
  });
});

describe('time spent per item', () => {
  it('runs from the previous save of any item (or the start) to the first save of the item', () => {
    const spent = timeSpent({
      startedAt: 1_000,
      answerLog: [
        { no: 1, at: 21_000 },
        { no: 3, at: 51_000 },
        { no: 1, at: 61_000 }, // a changed answer: not timed again, but the next item is timed from here
        { no: 2, at: 101_000 },
      ],
    });
    expect([...spent.entries()].sort(([a], [b]) => a - b)).toEqual([
      [1, 20_000],
      [2, 40_000],
      [3, 30_000],
    ]);
    expect(spent.has(4)).toBe(false);
  });
});
