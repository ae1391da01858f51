import { z } from 'zod';
import { LETTERS, type ContentIssue, type QuestionSource } from './model';
import { itemLines, parseYaml } from './yamlLines';

const text = z.string().trim().min(1, 'must not be empty');
const common = {
  // `-iNNN`: questions an administrator imported from a spreadsheet, GIFT or Aiken file (never reused by the course).
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*-i?\d{3,}$/, 'ids look like "complaints-001" (imported: "complaints-i001")'),
  section: z.string().regex(/^[a-z0-9-]+#[a-z0-9-]+$/, 'sections look like "complaints#principles"'),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  stem: text,
  explanation: text,
  source: z.union([z.string().regex(/^\d{3}$/), z.literal('practice'), z.literal('imported')]),
};
const letters = z.string().regex(/^[A-H]+$/, 'answer letters A–H');
const choice = (type: 'single' | 'scenario' | 'multiple', min: number, max: number) =>
  z.strictObject({
    ...common,
    type: z.literal(type),
    options: z.array(text).min(min).max(max),
    answer: letters,
  });
const questionSchema = z.discriminatedUnion('type', [
  choice('single', 3, 6),
  choice('scenario', 3, 6),
  choice('multiple', 4, 8),
  z.strictObject({ ...common, type: z.literal('truefalse'), answer: z.boolean() }),
  z.strictObject({
    ...common,
    type: z.literal('fill'),
    answer: z.array(z.union([text, z.number().transform(String)])).min(1),
  }),
  z.strictObject({
    ...common,
    type: z.literal('essay'),
    reference: text,
    key_points: z.array(z.strictObject({ point: text, score: z.number().int().min(1) })).min(1),
  }),
]);

/** Parses one question file: a YAML list. Cross-references (sections) are checked by the compiler. */
export function parseQuestions(file: string, source: string, issues: ContentIssue[]): QuestionSource[] {
  const parsed = parseYaml(file, source, issues);
  if (!parsed) return [];
  if (!Array.isArray(parsed.value)) {
    issues.push({ file, line: 1, reason: 'a question file is a YAML list of questions' });
    return [];
  }
  const lines = itemLines(parsed);
  const out: QuestionSource[] = [];
  parsed.value.forEach((raw: unknown, index: number) => {
    const line = lines[index] ?? 1;
    const r = questionSchema.safeParse(raw);
    const id = (raw as { id?: unknown })?.id;
    const where = typeof id === 'string' ? `${id}: ` : '';
    if (!r.success) {
      for (const i of r.error.issues) issues.push({ file, line, reason: `${where}${i.path.join('.') || 'item'}: ${i.message}` });
      return;
    }
    const q = r.data;
    const [chapterId, sectionId] = q.section.split('#');
    const base = {
      file, line, id: q.id, type: q.type, chapterId, sectionId, difficulty: q.difficulty, stem: q.stem,
      explanation: q.explanation, source: q.source, options: [] as string[], answer: [] as (string | boolean)[],
      reference: '', keyPoints: [] as { point: string; score: number }[],
    };
    const bad = (reason: string) => issues.push({ file, line, reason: `${q.id}: ${reason}` });
    switch (q.type) {
      case 'single':
      case 'scenario':
      case 'multiple': {
        const keys = [...q.answer];
        const allowed = LETTERS.slice(0, q.options.length);
        const unknown = keys.filter((k) => !allowed.includes(k));
        if (unknown.length) return bad(`answer ${unknown.join('')} is not among the ${q.options.length} options (${allowed})`);
        if (new Set(keys).size !== keys.length) return bad(`answer "${q.answer}" repeats a letter`);
        if (q.type !== 'multiple' && keys.length !== 1) return bad(`a ${q.type} question has exactly one answer, got "${q.answer}"`);
        if (q.type === 'multiple' && keys.length < 2) return bad('a multiple question needs two or more answers');
        if (new Set(q.options).size !== q.options.length) return bad('two options are the same');
        out.push({ ...base, options: q.options, answer: keys.sort() });
        return;
      }
      case 'truefalse':
        out.push({ ...base, answer: [q.answer] });
        return;
      case 'fill':
        if ((q.stem.match(/_{4,}/g) ?? []).length !== 1) return bad('a fill question has exactly one blank "____" in its stem');
        out.push({ ...base, answer: q.answer });
        return;
      case 'essay':
        out.push({ ...base, reference: q.reference, keyPoints: q.key_points });
        return;
    }
  });
  return out;
}
