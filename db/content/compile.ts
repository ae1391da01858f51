import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BlueprintSource, ContentIssue, Course, DrawRule, QuestionSource } from './model';
import { parseChapter } from './parseChapter';
import { parseQuestions } from './parseQuestions';
import { parseBlueprint } from './parseBlueprints';

export interface CompileResult {
  course: Course | null;
  issues: ContentIssue[];
}

function listFiles(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => ext.test(f)).sort().map((f) => path.join(dir, f));
}

/** Questions a draw rule may pick from. */
export function eligibleQuestions(rule: DrawRule, questions: readonly QuestionSource[], difficulty?: number): QuestionSource[] {
  return questions.filter(
    (q) =>
      q.type === rule.type &&
      (rule.chapters === 'all' || rule.chapters.includes(q.chapterId)) &&
      (difficulty === undefined || q.difficulty === difficulty),
  );
}

/** Whether a blueprint can be drawn without reusing a question; returns the shortfalls. */
export function blueprintShortfalls(b: Pick<BlueprintSource, 'draw'>, questions: readonly QuestionSource[]): string[] {
  const used = new Set<string>();
  const problems: string[] = [];
  b.draw.forEach((rule, i) => {
    const buckets = rule.difficulty
      ? Object.entries(rule.difficulty).map(([d, n]) => [Number(d), n] as const)
      : [[undefined, rule.count] as const];
    for (const [difficulty, need] of buckets) {
      const pool = eligibleQuestions(rule, questions, difficulty).filter((q) => !used.has(q.id));
      pool.slice(0, need).forEach((q) => used.add(q.id));
      if (pool.length < need) {
        const which = `${rule.type}${difficulty ? ` difficulty ${difficulty}` : ''} from ${rule.chapters === 'all' ? 'all chapters' : rule.chapters.join(', ')}`;
        problems.push(`draw ${i + 1} asks for ${need} ${which} but the bank holds ${pool.length}`);
      }
    }
  });
  return problems;
}

/** Reads and validates everything under content/. Returns the course only when there are no issues. */
export function compileContent(contentDir: string): CompileResult {
  const issues: ContentIssue[] = [];
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  const hash = crypto.createHash('sha256');
  const read = (f: string) => {
    const text = fs.readFileSync(f, 'utf8');
    hash.update(path.relative(contentDir, f)).update('\0').update(text).update('\0');
    return text;
  };

  const chapters = listFiles(path.join(contentDir, 'chapters'), /\.md$/)
    .map((f) => parseChapter(rel(f), read(f), issues))
    .filter((c) => c !== null);
  const questions = listFiles(path.join(contentDir, 'questions'), /\.ya?ml$/).flatMap((f) =>
    parseQuestions(rel(f), read(f), issues),
  );
  const blueprints = listFiles(path.join(contentDir, 'blueprints'), /\.ya?ml$/)
    .map((f) => parseBlueprint(rel(f), read(f), issues))
    .filter((b) => b !== null);

  const seen = new Map<string, string>();
  const unique = (kind: string, id: string, where: { file: string; line: number }) => {
    const prev = seen.get(`${kind}:${id}`);
    if (prev) issues.push({ ...where, reason: `duplicate ${kind} id "${id}" (first defined at ${prev})` });
    else seen.set(`${kind}:${id}`, `${where.file}:${where.line}`);
  };
  chapters.forEach((c) => unique('chapter', c.id, { file: c.file, line: 2 }));
  questions.forEach((q) => unique('question', q.id, q));
  blueprints.forEach((b) => unique('blueprint', b.id, b));

  const sectionIds = new Map(chapters.map((c) => [c.id, new Set(c.sections.map((s) => s.id))]));
  for (const q of questions) {
    const ids = sectionIds.get(q.chapterId);
    if (!ids) issues.push({ file: q.file, line: q.line, reason: `${q.id}: chapter "${q.chapterId}" does not exist` });
    else if (!ids.has(q.sectionId)) {
      issues.push({ file: q.file, line: q.line, reason: `${q.id}: section "${q.chapterId}#${q.sectionId}" does not exist` });
    }
  }
  for (const c of chapters) {
    if (!questions.some((q) => q.chapterId === c.id)) issues.push({ file: c.file, line: 1, reason: `chapter "${c.id}" has no questions` });
  }
  for (const b of blueprints) {
    for (const rule of b.draw) {
      if (rule.chapters === 'all') continue;
      for (const ch of rule.chapters) {
        if (!sectionIds.has(ch)) issues.push({ file: b.file, line: b.line, reason: `${b.id}: chapter "${ch}" does not exist` });
      }
    }
    for (const p of blueprintShortfalls(b, questions)) issues.push({ file: b.file, line: b.line, reason: `${b.id}: ${p}` });
  }

  if (issues.length) return { course: null, issues };
  chapters.sort((a, b) => a.order - b.order);
  return { course: { version: hash.digest('hex').slice(0, 12), chapters, questions, blueprints }, issues };
}

export function formatIssues(issues: readonly ContentIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}: ${i.reason}`).join('\n');
}
