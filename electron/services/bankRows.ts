/**
 * One question row as read from an XLSX, GIFT or Aiken file, and the checks that turn it into a question
 * of the bank or into row/column errors in both languages. The rules are the compiler's
 * (db/content/parseQuestions.ts), said per cell so an administrator can fix the file.
 */
import type { Db } from '../../db/open';
import type { KeyPoint } from '../../db/content/model';
import type { BankColumn, BankRowIssue } from '../shared/calls/bank';
import type { Messages } from '../shared/errors';
import type { QuestionKind } from '../shared/practiceTypes';

export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const QUESTION_KINDS: readonly QuestionKind[] = ['single', 'multiple', 'truefalse', 'fill', 'scenario', 'essay'];

/** A row as written in the file: text, not yet checked. */
export interface RawRow {
  /** Spreadsheet row, or the line a GIFT/Aiken item starts on. */
  row: number;
  type: string;
  chapter: string;
  section: string;
  difficulty: string;
  stem: string;
  /** A–H as written ('' for a blank cell). */
  options: string[];
  /** As written; a list when the format already separates accepted answers (GIFT short answer). */
  answer: string | string[];
  explanation: string;
  reference: string;
  keyPoints: string | KeyPoint[];
  /** Chapter and section came from a GIFT category: used when they name ones of the course, else the defaults apply. */
  placeHint?: boolean;
  /** Formats without explanations (Aiken, most GIFT) get one written from the key. */
  explainIfMissing?: boolean;
}

/** A row that passed every check. */
export interface BankQuestion {
  row: number;
  type: QuestionKind;
  chapterId: string;
  sectionId: string;
  difficulty: 1 | 2 | 3;
  stem: string;
  options: string[];
  /** Letters (choice types), true/false, or accepted answers (fill); [] for essays. */
  answer: string | boolean | string[];
  explanation: string;
  reference: string;
  keyPoints: KeyPoint[];
  /** The explanation was written from the key. */
  explained: boolean;
}

export const COLUMN_NAMES: Record<BankColumn, { zh: string; en: string }> = {
  type: { zh: '题型', en: 'type' },
  chapter: { zh: '章节', en: 'chapter' },
  section: { zh: '小节', en: 'section' },
  difficulty: { zh: '难度', en: 'difficulty' },
  stem: { zh: '题干', en: 'stem' },
  ...(Object.fromEntries(OPTION_LETTERS.map((l) => [l, { zh: `选项${l}`, en: `option ${l}` }])) as Record<(typeof OPTION_LETTERS)[number], { zh: string; en: string }>),
  answer: { zh: '答案', en: 'answer' },
  explanation: { zh: '解析', en: 'explanation' },
  reference: { zh: '参考答案', en: 'reference' },
  keyPoints: { zh: '评分要点', en: 'key points' },
  options: { zh: '选项', en: 'options' },
  question: { zh: '题目', en: 'question' },
};

export const TYPE_NAMES: Record<QuestionKind, { zh: string; en: string }> = {
  single: { zh: '单选', en: 'single' },
  multiple: { zh: '多选', en: 'multiple' },
  truefalse: { zh: '判断', en: 'truefalse' },
  fill: { zh: '填空', en: 'fill' },
  scenario: { zh: '情景', en: 'scenario' },
  essay: { zh: '简答', en: 'essay' },
};

/** "第12行 答案列: 选项 E 不存在" / "row 12, answer: option E does not exist". */
export function rowIssue(row: number, column: BankColumn | null, kind: BankRowIssue['kind'], zh: string, en: string): BankRowIssue {
  const col = column && column !== 'question' ? COLUMN_NAMES[column] : null;
  return {
    row,
    column,
    kind,
    message: {
      'zh-CN': `第${row}行${col ? ` ${col.zh}列` : ''}: ${zh}`,
      en: `row ${row}${col ? `, ${col.en}` : ''}: ${en}`,
    },
  };
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-/()（）]/g, '');

const TYPE_ALIASES: [QuestionKind, string[]][] = [
  ['single', ['单选', '单选题', '单项选择', '单项选择题', 'single', 'singlechoice', 'multichoice1']],
  ['multiple', ['多选', '多选题', '多项选择', '多项选择题', '不定项选择', '不定项选择题', 'multiple', 'multiplechoice', 'multi']],
  ['truefalse', ['判断', '判断题', '是非', '是非题', '对错题', 'truefalse', 'tf', 'judge', 'judgement']],
  ['fill', ['填空', '填空题', 'fill', 'fillin', 'fillintheblank', 'blank', 'shortanswer']],
  ['scenario', ['情景', '情景题', '情境', '情境题', '场景题', 'scenario']],
  ['essay', ['简答', '简答题', '问答', '问答题', '论述题', 'essay']],
];
const TYPE_BY_ALIAS = new Map(TYPE_ALIASES.flatMap(([kind, names]) => names.map((n) => [squash(n), kind] as const)));

export function parseType(text: string): QuestionKind | null {
  return TYPE_BY_ALIAS.get(squash(text)) ?? null;
}

const DIFFICULTY_WORDS: Record<string, 1 | 2 | 3> = {
  '1': 1, '2': 2, '3': 3, 易: 1, 简单: 1, 容易: 1, 低: 1, easy: 1, 中: 2, 中等: 2, 一般: 2, medium: 2, 难: 3, 困难: 3, 较难: 3, 高: 3, hard: 3,
};
export function parseDifficulty(text: string): 1 | 2 | 3 | null {
  const t = text.trim().toLowerCase().replace(/\.0+$/, '');
  return DIFFICULTY_WORDS[t] ?? null;
}

const TRUE_WORDS = new Set(['对', '正确', '是', '√', '✓', '✔', 't', 'true', 'y', 'yes', '1']);
const FALSE_WORDS = new Set(['错', '错误', '否', '×', '✗', '✘', 'x', 'f', 'false', 'n', 'no', '0']);

/** "要点1:2;要点2:3" (also full-width ：； and one point per line). Null when it does not read that way. */
export function parseKeyPoints(text: string): KeyPoint[] | null {
  const src = text.trim();
  if (!src) return null;
  const re = /\s*([^\n]+?)\s*[:：]\s*(\d{1,3})\s*(?:[;；\n]+|$)/y;
  const out: KeyPoint[] = [];
  while (re.lastIndex < src.length) {
    const m = re.exec(src);
    if (!m) return null;
    const score = Number(m[2]);
    if (score < 1 || score > 100) return null;
    out.push({ point: m[1].trim(), score });
  }
  return out.length ? out : null;
}

export const formatKeyPoints = (points: readonly KeyPoint[]) => points.map((k) => `${k.point}:${k.score}`).join('\n');

export interface CourseIndex {
  chapters: { id: string; order: number; title: string; sections: { id: string; title: string }[] }[];
}

export function courseIndex(content: Db): CourseIndex {
  const chapters = content.prepare('SELECT id, ord, title FROM chapters ORDER BY ord').all() as { id: string; ord: number; title: string }[];
  const sections = content.prepare('SELECT chapter_id, id, title FROM sections ORDER BY chapter_id, ord').all() as { chapter_id: string; id: string; title: string }[];
  return {
    chapters: chapters.map((c) => ({
      id: c.id,
      order: c.ord,
      title: c.title,
      sections: sections.filter((s) => s.chapter_id === c.id).map((s) => ({ id: s.id, title: s.title })),
    })),
  };
}

function findChapter(index: CourseIndex, text: string) {
  const t = text.trim();
  const order = /^(?:第\s*)?(\d{1,2})(?:\s*章)?$/.exec(t);
  return index.chapters.find((c) => c.id === t.toLowerCase() || c.title === t || (order !== null && c.order === Number(order[1])));
}

/** An explanation written from the key, for formats that carry none. */
export function explainFromKey(q: Pick<BankQuestion, 'type' | 'options' | 'answer' | 'keyPoints'>): string {
  switch (q.type) {
    case 'single':
    case 'scenario': {
      const letter = String(q.answer);
      return `正确答案：${letter}（${q.options[OPTION_LETTERS.indexOf(letter as 'A')] ?? ''}）。`;
    }
    case 'multiple':
      return `正确答案：${[...String(q.answer)].join('、')}。`;
    case 'truefalse':
      return q.answer === true ? '本题说法正确。' : '本题说法错误。';
    case 'fill':
      return `答案：${(q.answer as string[]).join('；')}。`;
    case 'essay':
      return `评分要点：${q.keyPoints.map((k) => `${k.point}（${k.score}分）`).join('；')}。`;
  }
}

const LIMITS = { stem: 4000, option: 1000, explanation: 4000, reference: 8000, fill: 200 };
const CHOICE_COUNTS: Partial<Record<QuestionKind, [number, number]>> = { single: [3, 6], scenario: [3, 6], multiple: [4, 8] };

export interface RowDefaults {
  chapterId?: string;
  sectionId?: string;
}

/** Checks one row. Returns the question, or the row's problems (every one found, not just the first). */
export function checkRow(raw: RawRow, index: CourseIndex, defaults: RowDefaults): { question: BankQuestion | null; issues: BankRowIssue[] } {
  const issues: BankRowIssue[] = [];
  const err = (column: BankColumn | null, zh: string, en: string) => issues.push(rowIssue(raw.row, column, 'error', zh, en));
  const clip = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

  const type = parseType(raw.type);
  if (!raw.type.trim()) err('type', '题型不能为空', 'the type is missing');
  else if (!type) err('type', `未知题型“${clip(raw.type)}”，可用：单选、多选、判断、填空、情景、简答`, `unknown type "${clip(raw.type)}"; use single, multiple, truefalse, fill, scenario or essay`);

  let place = { chapter: raw.chapter.trim(), section: raw.section.trim() };
  if (raw.placeHint) {
    const hinted = findChapter(index, place.chapter);
    const fits = hinted?.sections.some((x) => x.id === place.section.toLowerCase() || x.title === place.section);
    if (!fits) place = { chapter: '', section: '' };
  }
  const chapter = place.chapter ? findChapter(index, place.chapter) : index.chapters.find((c) => c.id === defaults.chapterId);
  if (!place.chapter && !chapter) err('chapter', '章节不能为空（请选择导入到哪一章）', 'the chapter is missing (choose the chapter to import into)');
  else if (!chapter) err('chapter', `章节“${clip(place.chapter)}”不存在`, `chapter "${clip(place.chapter)}" does not exist`);
  let sectionId: string | undefined;
  if (chapter) {
    const s = place.section;
    const useDefault = !s && defaults.sectionId && chapter.id === defaults.chapterId;
    const section = useDefault ? chapter.sections.find((x) => x.id === defaults.sectionId) : chapter.sections.find((x) => x.id === s.toLowerCase() || x.title === s);
    if (!s && !useDefault) err('section', '小节不能为空', 'the section is missing');
    else if (!section) err('section', `“${chapter.title}”中没有小节“${clip(s || defaults.sectionId || '')}”`, `chapter "${chapter.id}" has no section "${clip(s || defaults.sectionId || '')}"`);
    else sectionId = section.id;
  }

  const difficulty = parseDifficulty(raw.difficulty);
  if (!raw.difficulty.trim()) err('difficulty', '难度不能为空，应为 1、2、3（易、中、难）', 'the difficulty is missing; use 1, 2 or 3 (easy, medium, hard)');
  else if (!difficulty) err('difficulty', `难度应为 1、2、3（易、中、难），填写的是“${clip(raw.difficulty)}”`, `the difficulty is 1, 2 or 3 (easy, medium, hard), not "${clip(raw.difficulty)}"`);

  const stem = raw.stem.trim();
  if (!stem) err('stem', '题干不能为空', 'the stem is missing');
  else if (stem.length > LIMITS.stem) err('stem', `题干超过 ${LIMITS.stem} 个字符`, `the stem is longer than ${LIMITS.stem} characters`);

  const options = raw.options.map((o) => o.trim());
  let answer: BankQuestion['answer'] = [];
  let reference = '';
  let keyPoints: KeyPoint[] = [];
  const answerText = Array.isArray(raw.answer) ? raw.answer.join('|') : raw.answer.trim();

  if (type && CHOICE_COUNTS[type]) {
    const [min, max] = CHOICE_COUNTS[type]!;
    const last = options.reduce((n, o, i) => (o ? i + 1 : n), 0);
    const used = options.slice(0, last);
    let optionsOk = true;
    used.forEach((o, i) => {
      const letter = OPTION_LETTERS[i];
      if (!o) {
        optionsOk = false;
        err(letter, `选项 ${letter} 为空，但后面还有选项`, `option ${letter} is blank but a later option is not`);
      } else if (o.length > LIMITS.option) {
        optionsOk = false;
        err(letter, `选项 ${letter} 超过 ${LIMITS.option} 个字符`, `option ${letter} is longer than ${LIMITS.option} characters`);
      } else {
        const first = used.indexOf(o);
        if (first < i) {
          optionsOk = false;
          err(letter, `选项 ${letter} 与选项 ${OPTION_LETTERS[first]} 相同`, `option ${letter} is the same as option ${OPTION_LETTERS[first]}`);
        }
      }
    });
    if (used.length < min || used.length > max) {
      optionsOk = false;
      err('options', `${TYPE_NAMES[type].zh}题需要 ${min}–${max} 个选项，这里有 ${used.length} 个`, `a ${type} question needs ${min}–${max} options, this one has ${used.length}`);
    }
    const letters = answerText.toUpperCase().replace(/[\s,，、;；/|]/g, '');
    if (!letters) err('answer', '答案不能为空，请填写选项字母', 'the answer is missing; give the option letter(s)');
    else if (!/^[A-Z]+$/.test(letters)) err('answer', `答案应为选项字母（如 B 或 ACD），填写的是“${clip(answerText)}”`, `the answer is option letters (e.g. B or ACD), not "${clip(answerText)}"`);
    else {
      const missing = [...new Set(letters)].filter((l) => OPTION_LETTERS.indexOf(l as 'A') < 0 || OPTION_LETTERS.indexOf(l as 'A') >= used.length);
      const repeated = [...letters].filter((l, i) => letters.indexOf(l) !== i);
      if (missing.length) err('answer', `选项 ${missing.join('、')} 不存在`, `option ${missing.join(', ')} does not exist`);
      else if (repeated.length) err('answer', `答案重复了字母 ${repeated[0]}`, `the answer repeats the letter ${repeated[0]}`);
      else if (type !== 'multiple' && letters.length !== 1) err('answer', `${TYPE_NAMES[type].zh}题只有一个答案，填写的是 ${letters}`, `a ${type} question has one answer, got ${letters}`);
      else if (type === 'multiple' && letters.length < 2) err('answer', `多选题至少有两个答案，只填写了 ${letters}`, `a multiple question has two or more answers, got only ${letters}`);
      else if (optionsOk) answer = [...letters].sort().join('');
    }
  } else if (type) {
    const extra = options.findIndex((o) => o !== '');
    if (extra >= 0) err(OPTION_LETTERS[extra], `${TYPE_NAMES[type].zh}题不填选项（A–H 留空）`, `a ${type} question has no options (leave A–H blank)`);
    if (type === 'truefalse') {
      const t = answerText.toLowerCase();
      if (TRUE_WORDS.has(t)) answer = true;
      else if (FALSE_WORDS.has(t)) answer = false;
      else err('answer', `判断题答案应为“对”或“错”（也可写 正确/错误、T/F），填写的是“${clip(answerText)}”`, `a truefalse answer is 对/错 (or true/false, T/F), not "${clip(answerText)}"`);
    } else if (type === 'fill') {
      const accepted = (Array.isArray(raw.answer) ? raw.answer : raw.answer.split(/[|;；]/)).map((a) => a.trim()).filter(Boolean);
      if (!accepted.length) err('answer', '填空题答案不能为空（多个可接受答案用 | 分隔）', 'the answer is missing (separate accepted answers with |)');
      else if (accepted.some((a) => a.length > LIMITS.fill)) err('answer', `填空答案超过 ${LIMITS.fill} 个字符`, `an accepted answer is longer than ${LIMITS.fill} characters`);
      else answer = [...new Set(accepted)];
      const blanks = (stem.match(/_{4,}/g) ?? []).length;
      if (stem && blanks !== 1) {
        err('stem', `填空题的题干需要且只能有一处空“____”（四个下划线），这里有 ${blanks} 处`, `a fill question has exactly one blank "____" (four underscores) in its stem, this one has ${blanks}`);
      }
    } else if (type === 'essay') {
      reference = raw.reference.trim() || answerText;
      if (!reference) err('reference', '简答题需要参考答案', 'an essay question needs a reference answer');
      else if (reference.length > LIMITS.reference) err('reference', `参考答案超过 ${LIMITS.reference} 个字符`, `the reference is longer than ${LIMITS.reference} characters`);
      const points = Array.isArray(raw.keyPoints) ? raw.keyPoints : parseKeyPoints(raw.keyPoints);
      if (!points?.length) {
        err('keyPoints', raw.keyPoints.length ? '评分要点应写成“要点:分值;要点:分值”，分值为 1–100 的整数' : '简答题需要评分要点，如“要点1:2;要点2:3”',
          raw.keyPoints.length ? 'key points are written "point:score;point:score" with whole scores 1–100' : 'an essay question needs key points, e.g. "point 1:2;point 2:3"');
      } else keyPoints = points;
    }
  }

  let explanation = raw.explanation.trim();
  let explained = false;
  if (explanation.length > LIMITS.explanation) err('explanation', `解析超过 ${LIMITS.explanation} 个字符`, `the explanation is longer than ${LIMITS.explanation} characters`);
  if (!explanation && !raw.explainIfMissing) err('explanation', '解析不能为空（说明为什么这个答案对、其他选项错）', 'the explanation is missing (why the answer is right and the others wrong)');

  if (issues.length || !type || !chapter || !sectionId || !difficulty) return { question: null, issues };
  const question: BankQuestion = {
    row: raw.row, type, chapterId: chapter.id, sectionId, difficulty, stem,
    options: CHOICE_COUNTS[type] ? options.filter(Boolean) : [], answer, explanation, reference, keyPoints, explained,
  };
  if (!explanation) {
    explanation = explainFromKey(question);
    explained = true;
  }
  return { question: { ...question, explanation, explained }, issues };
}

/** Same chapter, type and stem (ignoring spaces): the same question. */
export const questionKey = (q: { chapterId: string; type: string; stem: string }) => `${q.chapterId}\0${q.type}\0${q.stem.replace(/\s+/g, '')}`;

export const bilingual = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });
