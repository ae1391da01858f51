/**
 * Moodle Aiken (https://docs.moodle.org/en/Aiken_format): a question, options "A. …" / "B) …", then
 * "ANSWER: B". One letter → 单选; several ("ANSWER: A,C", which Moodle itself does not read) → 多选.
 * Full-width separators common in Chinese files ("A．", "A、", "答案：B") are accepted.
 */
import type { BankRowIssue } from '../shared/calls/bank';
import { OPTION_LETTERS, rowIssue, type RawRow } from './bankRows';

const OPTION = /^([A-Za-z])\s*[.)．、。）]\s*(.*)$/;
const ANSWER = /^(?:ANSWER|答案|正确答案)\s*[:：]\s*(.*)$/i;

export function readAiken(source: string, opts: { difficulty?: 1 | 2 | 3 } = {}): { rows: RawRow[]; issues: BankRowIssue[] } {
  const rows: RawRow[] = [];
  const issues: BankRowIssue[] = [];
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let item: { start: number; stem: string[]; options: { letter: string; text: string; line: number }[] } | null = null;

  const finish = (answer: string | null) => {
    if (!item) return;
    const { start, stem, options } = item;
    item = null;
    if (answer === null) {
      issues.push(rowIssue(start, 'answer', 'error', '缺少“ANSWER: 字母”行', 'the "ANSWER: letter" line is missing'));
      return;
    }
    if (!options.length) {
      issues.push(rowIssue(start, 'question', 'unsupported', '没有选项，Aiken 格式只支持选择题', 'no options: the Aiken format holds only multiple-choice questions'));
      return;
    }
    const outOfOrder = options.find((o, i) => o.letter !== OPTION_LETTERS[i]);
    if (options.length > OPTION_LETTERS.length) {
      issues.push(rowIssue(start, 'options', 'error', `选项超过 ${OPTION_LETTERS.length} 个`, `more than ${OPTION_LETTERS.length} options`));
      return;
    }
    if (outOfOrder) {
      issues.push(rowIssue(outOfOrder.line, 'options', 'error', '选项字母应从 A 开始依次排列', 'option letters run A, B, C … in order'));
      return;
    }
    const letters = answer.toUpperCase().replace(/[\s,，、;；]/g, '');
    rows.push({
      row: start,
      type: letters.length > 1 ? 'multiple' : 'single',
      chapter: '',
      section: '',
      difficulty: String(opts.difficulty ?? 2),
      stem: stem.join('\n'),
      options: options.map((o) => o.text),
      answer: answer.trim(),
      explanation: '',
      reference: '',
      keyPoints: '',
      explainIfMissing: true,
    });
  };

  lines.forEach((l, i) => {
    const line = i + 1;
    const t = l.trim();
    if (!t) return;
    const answer = ANSWER.exec(t);
    if (answer) {
      if (!item) issues.push(rowIssue(line, 'answer', 'error', '“ANSWER:”行前面没有题目', 'an "ANSWER:" line without a question'));
      else finish(answer[1]);
      return;
    }
    const option = OPTION.exec(t);
    if (item && option && (item.options.length > 0 || item.stem.length > 0)) {
      item.options.push({ letter: option[1].toUpperCase(), text: option[2].trim(), line });
      return;
    }
    if (item && item.options.length > 0) finish(null); // a new question began before the answer line
    if (!item) item = { start: line, stem: [], options: [] };
    item.stem.push(t);
  });
  finish(null);
  return { rows, issues };
}
