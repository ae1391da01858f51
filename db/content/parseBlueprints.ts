import { z } from 'zod';
import type { BlueprintSource, ContentIssue } from './model';
import { parseYaml } from './yamlLines';

const types = z.enum(['single', 'multiple', 'truefalse', 'fill', 'scenario', 'essay']);
const blueprintSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  kind: z.enum(['certification', 'mock', 'practice']),
  title: z.string().min(1),
  time_limit_minutes: z.number().int().min(1).max(600),
  pass_score: z.number().min(0),
  multiple_choice_scoring: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
  draw: z
    .array(
      z.strictObject({
        type: types,
        count: z.number().int().min(1),
        points: z.number().positive(),
        chapters: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
        // partialRecord: a split may name only some levels ({ 1: 5, 2: 5 }); z.record would demand all three.
        difficulty: z.partialRecord(z.enum(['1', '2', '3']), z.number().int().min(0)).optional(),
      }),
    )
    .min(1),
});

export function parseBlueprint(file: string, text: string, issues: ContentIssue[]): BlueprintSource | null {
  const parsed = parseYaml(file, text, issues);
  if (!parsed) return null;
  const r = blueprintSchema.safeParse(parsed.value);
  if (!r.success) {
    for (const i of r.error.issues) {
      const node = parsed.doc.getIn(i.path as (string | number)[], true) as Parameters<typeof parsed.lineOf>[0];
      issues.push({ file, line: parsed.lineOf(node), reason: `${i.path.join('.') || 'blueprint'}: ${i.message}` });
    }
    return null;
  }
  const b = r.data;
  const drawLines = b.draw.map((_, i) => parsed.lineOf(parsed.doc.getIn(['draw', i], true) as never));
  let bad = false;
  b.draw.forEach((rule, i) => {
    const split = rule.difficulty ? Object.values(rule.difficulty).reduce((a, n) => a + (n ?? 0), 0) : rule.count;
    if (split !== rule.count) {
      issues.push({ file, line: drawLines[i], reason: `draw ${i + 1}: difficulty counts add up to ${split}, not ${rule.count}` });
      bad = true;
    }
  });
  const total = b.draw.reduce((sum, d) => sum + d.count * d.points, 0);
  if (b.pass_score > total) {
    issues.push({ file, line: parsed.lineOf(parsed.doc.get('pass_score', true) as never), reason: `pass_score ${b.pass_score} is more than the ${total} points the draws add up to` });
    bad = true;
  }
  if (bad) return null;
  return {
    file,
    line: 1,
    drawLines,
    id: b.id,
    kind: b.kind,
    title: b.title,
    timeLimitMinutes: b.time_limit_minutes,
    passScore: b.pass_score,
    multipleChoiceScoring: b.multiple_choice_scoring,
    draw: b.draw.map((d) => ({
      type: d.type,
      count: d.count,
      points: d.points,
      chapters: d.chapters,
      difficulty: d.difficulty && Object.fromEntries(Object.entries(d.difficulty).map(([k, v]) => [Number(k), v])),
    })),
  };
}

export function blueprintTotal(b: Pick<BlueprintSource, 'draw'>): number {
  return b.draw.reduce((sum, d) => sum + d.count * d.points, 0);
}
