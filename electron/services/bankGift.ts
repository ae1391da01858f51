/**
 * Moodle GIFT (https://docs.moodle.org/en/GIFT_format): reading it into rows, writing the bank as GIFT.
 *
 * Mapped: multiple choice (one key → 单选, several weighted keys → 多选), true/false → 判断, short answer
 * → 填空 (the braces mark the blank), essay → 简答. Reported as unsupported: matching, numerical,
 * descriptions and several blanks in one question. Our own export adds what GIFT cannot say in Moodle's
 * own comment syntax (`// [tag:difficulty-2] [tag:scenario]`) and `$CATEGORY:` lines naming the chapter
 * and section, so an exported file imports back to the same questions.
 */
import type { KeyPoint, QuestionSource } from '../../db/content/model';
import type { BankRowIssue } from '../shared/calls/bank';
import { OPTION_LETTERS, formatKeyPoints, rowIssue, type RawRow } from './bankRows';

// Escaped specials are swapped for private-use characters while parsing, then restored.
const ESCAPES: Record<string, string> = { '\\\\': '\uE000', '\\~': '\uE001', '\\=': '\uE002', '\\#': '\uE003', '\\{': '\uE004', '\\}': '\uE005', '\\:': '\uE006' };
const RESTORE: Record<string, string> = { '\uE000': '\\', '\uE001': '~', '\uE002': '=', '\uE003': '#', '\uE004': '{', '\uE005': '}', '\uE006': ':' };

const protect = (s: string) => s.replace(/\\[\\~=#{}:]/g, (m) => ESCAPES[m]);
// `\n` first: an escaped backslash is still a placeholder then, so "\\n" stays a backslash and an n.
const restore = (s: string) => s.replace(/\\n/g, '\n').replace(/[\uE000-\uE006]/g, (c) => RESTORE[c]);

function decodeHtml(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Answer {
  correct: boolean;
  weight: number | null;
  text: string;
  feedback: string;
}

/** Splits the text between the braces into answers (`=`/`~`, optional `%w%`, `#feedback`) and `####general feedback`. */
function readAnswers(body: string): { answers: Answer[]; general: string } {
  let general = '';
  const g = body.indexOf('####');
  if (g >= 0) {
    general = body.slice(g + 4);
    body = body.slice(0, g);
  }
  const answers: Answer[] = [];
  for (const m of body.matchAll(/([=~])([^=~]*)/g)) {
    let text = m[2];
    let feedback = '';
    const f = text.indexOf('#');
    if (f >= 0) {
      feedback = text.slice(f + 1);
      text = text.slice(0, f);
    }
    let weight: number | null = null;
    const w = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(text);
    if (w) {
      weight = Number(w[1]);
      text = text.slice(w[0].length);
    }
    answers.push({ correct: m[1] === '=' ? weight === null || weight > 0 : weight !== null && weight > 0, weight, text: text.trim(), feedback: feedback.trim() });
  }
  return { answers, general };
}

const SECTIONS = { reference: /参考答案[:：]|Reference[:：]/i, keyPoints: /评分要点[:：]|Key points[:：]/i, explanation: /解析[:：]|Explanation[:：]/i };

/** Essay feedback as our export writes it: "参考答案：…\n评分要点：…\n解析：…"; otherwise all of it is the reference. */
function essayFeedback(text: string): { reference: string; keyPoints: KeyPoint[] | string; explanation: string } {
  const marks = (Object.entries(SECTIONS) as [keyof typeof SECTIONS, RegExp][])
    .map(([k, re]) => {
      const m = new RegExp(`(^|\\n)(${re.source})`, 'i').exec(text);
      return m ? { k, at: m.index + m[1].length, start: m.index + m[0].length } : null;
    })
    .filter((m) => m !== null)
    .sort((a, b) => a.at - b.at);
  if (!marks.length) return { reference: text.trim(), keyPoints: '', explanation: '' };
  const part = (k: keyof typeof SECTIONS) => {
    const i = marks.findIndex((m) => m.k === k);
    return i < 0 ? '' : text.slice(marks[i].start, marks[i + 1]?.at ?? text.length).trim();
  };
  const reference = part('reference') || text.slice(0, marks[0].at).trim();
  return { reference, keyPoints: part('keyPoints'), explanation: part('explanation') };
}

export interface GiftOptions {
  difficulty?: 1 | 2 | 3;
}

/** Reads a GIFT file into rows (one per question) and the items that cannot be imported. */
export function readGift(source: string, opts: GiftOptions = {}): { rows: RawRow[]; issues: BankRowIssue[] } {
  const rows: RawRow[] = [];
  const issues: BankRowIssue[] = [];
  const lines = protect(source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).split('\n');
  let category: string[] = [];
  let block: { start: number; lines: string[]; tags: string[] } | null = null;
  const flush = () => {
    if (block && block.lines.some((l) => l.trim())) readItem(block.start, block.lines.join('\n'), block.tags);
    block = null;
  };
  const unsupported = (line: number, zh: string, en: string) => issues.push(rowIssue(line, 'question', 'unsupported', zh, en));

  const readItem = (line: number, raw: string, tags: string[]) => {
    let text = raw.trim();
    const title = /^::([\s\S]*?)::/.exec(text);
    if (title) text = text.slice(title[0].length).trim();
    let html = false;
    const fmt = /^\[(html|moodle|plain|markdown)\]/i.exec(text);
    if (fmt) {
      html = fmt[1].toLowerCase() === 'html';
      text = text.slice(fmt[0].length);
    }
    // Untrimmed: the text around a blank keeps its spaces ("占 ____。"); whole fields are trimmed.
    const plain = (s: string) => {
      const r = restore(s);
      return html ? decodeHtml(r) : r;
    };
    const clean = (s: string) => plain(s).trim();
    const open = text.indexOf('{');
    const close = text.lastIndexOf('}');
    if (open < 0 || close < open) return unsupported(line, '说明文字（没有答案），不是题目，已跳过', 'a description (no answer) is not a question; skipped');
    const body = text.slice(open + 1, close);
    if (body.includes('{') || text.slice(close + 1).includes('{')) return unsupported(line, '一题多空（cloze）不支持', 'several blanks in one question (cloze) are not supported');
    const before = text.slice(0, open);
    const after = text.slice(close + 1);
    const trimmed = body.trim();

    const tagged = (prefix: string) => tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
    const difficulty = tagged('difficulty-') ?? tagged('难度') ?? (opts.difficulty ? String(opts.difficulty) : '2');
    const scenario = tags.includes('scenario') || tags.includes('情景');
    const [chapter = '', section = ''] = category;
    const base = { row: line, chapter, section, placeHint: true, difficulty, options: [] as string[], reference: '', keyPoints: '' as string | KeyPoint[], explainIfMissing: true };
    // The braces in the middle of the text mark where the answer goes (Moodle's "missing word").
    const stemWithBlank = clean(after) ? `${plain(before)}____${plain(after)}`.trim() : '';

    if (!trimmed || trimmed.startsWith('####')) {
      const parts = essayFeedback(clean(trimmed.slice(4)));
      const keyPoints = parts.keyPoints || (parts.reference ? defaultPoints(line) : '');
      return rows.push({ ...base, type: 'essay', stem: clean(before + after), answer: '', ...parts, keyPoints });
    }
    if (trimmed.startsWith('#')) return unsupported(line, '数值题（numerical）不支持', 'numerical questions are not supported');
    const tf = /^(T|F|TRUE|FALSE)\s*(#|$)/i.exec(trimmed);
    if (tf) {
      const { general, answers } = readAnswers(`=${trimmed.replace(/^(T|F|TRUE|FALSE)/i, '')}`);
      const feedback = answers[0]?.feedback.split('#').filter(Boolean);
      const isTrue = tf[1].toUpperCase().startsWith('T');
      return rows.push({
        ...base, type: 'truefalse', stem: stemWithBlank || clean(before), answer: isTrue ? '对' : '错',
        // "#wrong#right": the feedback shown after a right answer explains the key.
        explanation: clean(general) || clean(feedback?.[1] ?? ''),
      });
    }
    const { answers, general } = readAnswers(body);
    if (!answers.length) return unsupported(line, '无法识别答案部分', 'the answer part cannot be read');
    if (answers.some((a) => a.text.includes('->'))) return unsupported(line, '配对题（matching）不支持', 'matching questions are not supported');
    const explanation = clean(general);
    if (answers.every((a) => a.correct) && !body.includes('~')) {
      const full = answers.filter((a) => a.weight === null || a.weight >= 100);
      if (full.length < answers.length) {
        issues.push(rowIssue(line, 'answer', 'warning', '部分得分的答案未导入，只保留满分答案', 'answers worth partial credit were left out; only full-credit answers are kept'));
      }
      const stem = clean(after) ? stemWithBlank : `${plain(before).trimStart()}____`;
      return rows.push({ ...base, type: 'fill', stem, answer: full.map((a) => clean(a.text)), explanation: explanation || clean(full[0]?.feedback ?? '') });
    }
    if (answers.length > OPTION_LETTERS.length) {
      issues.push(rowIssue(line, 'options', 'error', `选项超过 ${OPTION_LETTERS.length} 个`, `more than ${OPTION_LETTERS.length} options`));
      return;
    }
    const keys = answers.map((a, i) => (a.correct ? OPTION_LETTERS[i] : '')).join('');
    const type = keys.length > 1 ? 'multiple' : scenario ? 'scenario' : 'single';
    const keyFeedback = answers.filter((a) => a.correct).map((a) => clean(a.feedback)).filter(Boolean).join(' ');
    rows.push({
      ...base, type, stem: stemWithBlank || clean(before), options: answers.map((a) => clean(a.text)), answer: keys,
      explanation: explanation || keyFeedback,
    });

  };

  const defaultPoints = (line: number): KeyPoint[] => {
    issues.push(rowIssue(line, 'keyPoints', 'warning', '没有评分要点，已设为一条“符合参考答案要点”（5 分）', 'no key points; one point "符合参考答案要点" worth 5 was set'));
    return [{ point: '符合参考答案要点', score: 5 }];
  };

  lines.forEach((l, i) => {
    const line = i + 1;
    const t = l.trim();
    if (!t) return flush();
    if (t.startsWith('//')) {
      const tags = [...t.matchAll(/\[tag:([^\]]+)\]/g)].map((m) => m[1].trim());
      if (!block) block = { start: line + 1, lines: [], tags: [] };
      block.tags.push(...tags);
      return;
    }
    const cat = /^\$CATEGORY:\s*(.*)$/i.exec(t);
    if (cat && (!block || !block.lines.some((x) => x.trim()))) {
      // "$course$/top/<chapter>/<section>": the last two parts name the chapter and section (ids or titles).
      const parts = restore(cat[1]).split('/').map((p) => p.trim()).filter((p) => p && !/^\$\w+\$$/.test(p) && p !== 'top');
      category = parts.length >= 2 ? parts.slice(-2) : parts.length === 1 ? [parts[0], ''] : [];
      block = null;
      return;
    }
    if (!block) block = { start: line, lines: [], tags: [] };
    if (!block.lines.some((x) => x.trim())) block.start = line;
    block.lines.push(l);
  });
  flush();
  return { rows, issues };
}

const escape = (s: string) => s.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

/** Moodle accepts only some percentages; 100/n for n = 1…8 are among them. */
const share = (n: number) => String(Number((100 / n).toFixed(5)));

function essayText(q: QuestionSource): string {
  return `参考答案：${q.reference}\n评分要点：\n${formatKeyPoints(q.keyPoints)}\n解析：${q.explanation}`;
}

/** One question as GIFT, preceded by its id and tags. */
export function giftQuestion(q: QuestionSource): string {
  const tags = [`[id:${q.id}]`, `[tag:difficulty-${q.difficulty}]`, ...(q.type === 'scenario' ? ['[tag:scenario]'] : [])].join(' ');
  const head = `// ${tags}\n::${escape(q.id)}::`;
  const general = (text: string) => (text ? `####${escape(text)}` : '');
  switch (q.type) {
    case 'single':
    case 'scenario':
      return `${head}${escape(q.stem)} {\n${q.options.map((o, i) => `  ${q.answer.includes(OPTION_LETTERS[i]) ? '=' : '~'}${escape(o)}`).join('\n')}\n  ${general(q.explanation)}\n}`;
    case 'multiple': {
      const w = share(q.answer.length);
      return `${head}${escape(q.stem)} {\n${q.options.map((o, i) => `  ~%${q.answer.includes(OPTION_LETTERS[i]) ? w : '-100'}%${escape(o)}`).join('\n')}\n  ${general(q.explanation)}\n}`;
    }
    case 'truefalse':
      return `${head}${escape(q.stem)} {${q.answer[0] === true ? 'TRUE' : 'FALSE'}${general(q.explanation)}}`;
    case 'fill': {
      const at = q.stem.search(/_{4,}/);
      const blank = /_{4,}/.exec(q.stem)![0];
      const answers = `{${q.answer.map((a) => `=${escape(String(a))}`).join(' ')}${general(q.explanation)}}`;
      return `${head}${escape(q.stem.slice(0, at))}${answers}${escape(q.stem.slice(at + blank.length))}`;
    }
    case 'essay':
      return `${head}${escape(q.stem)} {${general(essayText(q))}}`;
  }
}

/** The whole bank, grouped by chapter and section in `$CATEGORY:` blocks. */
export function bankGift(questions: readonly QuestionSource[], title: string): string {
  const out = [`// ${title}`, `// 导出时间 / exported ${new Date().toISOString()}`, ''];
  let category = '';
  for (const q of questions) {
    const c = `$course$/top/${q.chapterId}/${q.sectionId}`;
    if (c !== category) {
      out.push(`$CATEGORY: ${c}`, '');
      category = c;
    }
    out.push(giftQuestion(q), '');
  }
  return out.join('\n');
}
