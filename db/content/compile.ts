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

export interface Shortfall {
  /** Index of the draw rule in the blueprint. */
  rule: number;
  message: string;
}

/**
 * Whether a blueprint can be drawn without reusing a question. Rules may overlap (e.g. "essays from all
 * chapters" and "essays from complaints"), so a first-come greedy pick can report a false shortfall;
 * this assigns questions to slots with augmenting paths (bipartite matching), which is exact.
 */
export function blueprintShortfalls(b: Pick<BlueprintSource, 'draw'>, questions: readonly QuestionSource[]): Shortfall[] {
  const problems: Shortfall[] = [];
  const slots: { rule: number; pool: number[] }[] = [];
  const index = new Map(questions.map((q, i) => [q, i]));
  b.draw.forEach((rule, i) => {
    const buckets = rule.difficulty
      ? Object.entries(rule.difficulty).map(([d, n]) => [Number(d), n ?? 0] as const)
      : [[undefined, rule.count] as const];
    for (const [difficulty, need] of buckets) {
      const pool = eligibleQuestions(rule, questions, difficulty).map((q) => index.get(q)!);
      if (pool.length < need) {
        const which = `${rule.type}${difficulty ? ` difficulty ${difficulty}` : ''} from ${rule.chapters === 'all' ? 'all chapters' : rule.chapters.join(', ')}`;
        problems.push({ rule: i, message: `draw ${i + 1} asks for ${need} ${which} but the bank holds ${pool.length}` });
      }
      for (let k = 0; k < need; k++) slots.push({ rule: i, pool });
    }
  });
  if (problems.length) return problems;

  const owner = new Map<number, number>(); // question index → slot index
  const assign = (slot: number, seen: Set<number>): boolean => {
    for (const q of slots[slot].pool) {
      if (seen.has(q)) continue;
      seen.add(q);
      const prev = owner.get(q);
      if (prev === undefined || assign(prev, seen)) {
        owner.set(q, slot);
        return true;
      }
    }
    return false;
  };
  const unfilled = new Map<number, number>();
  slots.forEach((s, i) => {
    if (!assign(i, new Set())) unfilled.set(s.rule, (unfilled.get(s.rule) ?? 0) + 1);
  });
  for (const [rule, n] of unfilled) {
    problems.push({ rule, message: `draw ${rule + 1} is short of ${n} question(s): other draws of the blueprint use up the questions it could take` });
  }
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
  // A file that failed to parse drops its chapter, questions or blueprint; checking references against
  // what is left would bury the real problem under "chapter has no questions" and false shortfalls.
  const parsedCleanly = issues.length === 0;

  const seen = new Map<string, string>();
  const unique = (kind: string, id: string, where: { file: string; line: number }) => {
    const prev = seen.get(`${kind}:${id}`);
    if (prev) issues.push({ ...where, reason: `duplicate ${kind} id "${id}" (first defined at ${prev})` });
    else seen.set(`${kind}:${id}`, `${where.file}:${where.line}`);
  };
  chapters.forEach((c) => unique('chapter', c.id, { file: c.file, line: 2 }));
  questions.forEach((q) => unique('question', q.id, q));
  blueprints.forEach((b) => unique('blueprint', b.id, b));
  if (!parsedCleanly) return { course: null, issues };

  const sectionIds = new Map(chapters.map((c) => [c.id, new Set(c.sections.map((s) => s.id))]));
  for (const q of questions) {
    if (!q.id.startsWith(`${q.chapterId}-`)) {
      issues.push({ file: q.file, line: q.line, reason: `${q.id}: the id must start with its chapter "${q.chapterId}-"` });
    }
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
        if (!sectionIds.has(ch)) issues.push({ file: b.file, line: b.drawLines[b.draw.indexOf(rule)], reason: `${b.id}: chapter "${ch}" does not exist` });
      }
    }
    for (const p of blueprintShortfalls(b, questions)) issues.push({ file: b.file, line: b.drawLines[p.rule], reason: `${b.id}: ${p.message}` });
  }

  if (issues.length) return { course: null, issues };
  chapters.sort((a, b) => a.order - b.order);
  return { course: { version: hash.digest('hex').slice(0, 12), chapters, questions, blueprints }, issues };
}

export function formatIssues(issues: readonly ContentIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}: ${i.reason}`).join('\n');
}
