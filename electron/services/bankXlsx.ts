/** The question-bank spreadsheet: template, reading rows, writing the bank. One row per question. */
import type ExcelJS from 'exceljs';
import type { QuestionSource } from '../../db/content/model';
import { BANK_COLUMNS, type BankRowIssue } from '../shared/calls/bank';
import { COLUMN_NAMES, OPTION_LETTERS, TYPE_NAMES, formatKeyPoints, rowIssue, type CourseIndex, type RawRow } from './bankRows';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATA_SHEET = '题库';
const HELP_SHEET = '填写说明';
const CHAPTER_SHEET = '章节';
export const MAX_ROWS = 5000;
/** Rows of the template that carry the drop-down lists. */
const VALIDATED_ROWS = 2000;

type Column = (typeof BANK_COLUMNS)[number];

/** Header cells: "题型 / type". */
export const HEADER_TEXT: Record<Column, string> = Object.fromEntries(
  BANK_COLUMNS.map((c) => [c, `${COLUMN_NAMES[c].zh} / ${COLUMN_NAMES[c].en}`]),
) as Record<Column, string>;

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-:：]/g, '');
const HEADER_ALIASES: Record<Column, string[]> = {
  type: ['题型', '类型', '题目类型', 'type', 'questiontype'],
  chapter: ['章节', '章', 'chapter'],
  section: ['小节', '节', 'section'],
  difficulty: ['难度', 'difficulty', 'level'],
  stem: ['题干', '题目', '题目内容', '试题', 'stem', 'question', 'questiontext'],
  ...(Object.fromEntries(OPTION_LETTERS.map((l) => [l, [l, `选项${l}`, `${l}选项`, `option${l}`]])) as Record<(typeof OPTION_LETTERS)[number], string[]>),
  answer: ['答案', '正确答案', '标准答案', 'answer', 'correctanswer', 'key'],
  explanation: ['解析', '答案解析', '试题解析', 'explanation', 'feedback'],
  reference: ['参考答案', 'reference', 'modelanswer', 'referenceanswer'],
  keyPoints: ['评分要点', '要点', '得分要点', 'keypoints', 'scoringpoints'],
};
const COLUMN_BY_ALIAS = new Map(
  (Object.entries(HEADER_ALIASES) as [Column, string[]][]).flatMap(([c, names]) => names.map((n) => [squash(n), c] as const)),
);

/** Which column a header cell names ("题型 / type", "Type", "选项A" …), if any. */
export function headerColumn(text: string): Column | null {
  for (const part of text.split(/[/\n|]/)) {
    const c = COLUMN_BY_ALIAS.get(squash(part));
    if (c) return c;
  }
  return null;
}

// exceljs takes half a second to load: only when someone works with a spreadsheet, not at every start.
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return (cell.text ?? '').replace(/\r\n?/g, '\n').trim();
  } catch {
    return '';
  }
}

/** Reads the question rows of the first sheet that has the template's header. */
export async function readBankXlsx(data: Buffer): Promise<{ rows: RawRow[]; issues: BankRowIssue[] }> {
  const Excel = await excel();
  const wb = new Excel.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const headerOf = (sheet: ExcelJS.Worksheet) => {
    const found = new Map<Column, number>();
    sheet.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
      const c = headerColumn(cellText(cell));
      if (c && !found.has(c)) found.set(c, col);
    });
    return found;
  };
  const sheet = wb.getWorksheet(DATA_SHEET) ?? wb.worksheets.find((s) => headerOf(s).has('stem')) ?? wb.worksheets[0];
  if (!sheet) return { rows: [], issues: [rowIssue(1, null, 'error', '文件中没有工作表', 'the file has no worksheet')] };
  const columns = headerOf(sheet);
  const missing = (['type', 'chapter', 'section', 'difficulty', 'stem', 'answer', 'explanation'] as Column[]).filter((c) => !columns.has(c));
  if (missing.length) {
    return {
      rows: [],
      issues: [
        rowIssue(1, null, 'error',
          `表头缺少列：${missing.map((c) => COLUMN_NAMES[c].zh).join('、')}（请使用下载的模板）`,
          `the header has no ${missing.map((c) => COLUMN_NAMES[c].en).join(', ')} column (use the downloadable template)`),
      ],
    };
  }
  const rows: RawRow[] = [];
  const issues: BankRowIssue[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (c: Column) => (columns.has(c) ? cellText(row.getCell(columns.get(c)!)) : '');
    const raw: RawRow = {
      row: r,
      type: get('type'),
      chapter: get('chapter'),
      section: get('section'),
      difficulty: get('difficulty'),
      stem: get('stem'),
      options: OPTION_LETTERS.map((l) => get(l)),
      answer: get('answer'),
      explanation: get('explanation'),
      reference: get('reference'),
      keyPoints: get('keyPoints'),
    };
    const blank = [raw.type, raw.chapter, raw.section, raw.difficulty, raw.stem, raw.answer, raw.explanation, raw.reference, raw.keyPoints as string, ...raw.options].every((v) => v === '');
    if (blank) continue;
    if (rows.length >= MAX_ROWS) {
      issues.push(rowIssue(r, null, 'error', `一次最多导入 ${MAX_ROWS} 题，请拆分文件`, `at most ${MAX_ROWS} questions per file; split the file`));
      break;
    }
    rows.push(raw);
  }
  return { rows, issues };
}

const TYPE_LIST = `"${Object.values(TYPE_NAMES).map((n) => n.zh).join(',')},${Object.values(TYPE_NAMES).map((n) => n.en).join(',')}"`;

const HELP: [string, string][] = [
  ['每行一道题，从“题库”工作表第 2 行开始填写；第 1 行是表头，请勿修改。', 'One question per row of the "题库" sheet, from row 2; row 1 is the header, keep it.'],
  ['题型：单选、多选、判断、填空、情景、简答（也可写 single、multiple、truefalse、fill、scenario、essay）。', 'type: 单选 single, 多选 multiple, 判断 truefalse, 填空 fill, 情景 scenario, 简答 essay.'],
  ['章节、小节：填写编号或名称，见“章节”工作表。', 'chapter, section: the id or the title, see the "章节" sheet.'],
  ['难度：1 易、2 中、3 难。', 'difficulty: 1 easy, 2 medium, 3 hard.'],
  ['选项 A–H：单选和情景题 3–6 个，多选题 4–8 个，从 A 起连续填写；判断、填空、简答题留空。', 'options A–H: 3–6 for single and scenario, 4–8 for multiple, from A without gaps; blank for truefalse, fill and essay.'],
  ['答案：单选/情景填一个字母（B）；多选填两个以上字母（ACD）；判断填“对”或“错”；填空题的题干中用“____”（四个下划线）标出空，可接受的多个答案用 | 分隔；简答题可不填。', 'answer: one letter (B) for single/scenario; two or more (ACD) for multiple; 对 or 错 for truefalse; for fill mark the blank in the stem with "____" and separate accepted answers with |; empty for essay.'],
  ['解析：说明为什么答案正确、其他选项错误，不能为空。', 'explanation: why the answer is right and the others wrong; required.'],
  ['参考答案、评分要点：只用于简答题；评分要点写成“要点1:2;要点2:3”（要点:分值，分号或换行分隔）。', 'reference, key points: essay questions only; key points are written "point 1:2;point 2:3" (point:score, separated by ; or new lines).'],
  ['导入时逐行校验，错误会按“第几行 哪一列”列出；有错误时默认不导入任何题目，也可以选择“只导入有效行”。', 'Every row is checked on import and errors are listed by row and column; with any error nothing is imported unless you choose "import the valid rows".'],
  ['再次导入同名文件会替换上次从该文件导入的题目。', 'Importing a file of the same name again replaces the questions of the earlier import.'],
];

const EXAMPLES: (string | number)[][] = [
  ['单选', 'complaints', 'principles', 1, '面对情绪激动的来电客户，客服代表首先应该做什么？', '解释公司规定', '安抚情绪并表示理解', '立即转接上级', '让客户冷静后再来电', '', '', '', '', 'B', '先处理情绪再处理问题；解释规定会激化矛盾，转接和推迟都回避了首问责任。', '', ''],
  ['判断', 'complaints', 'principles', 1, '客户投诉时，应先核实对错再决定是否道歉。', '', '', '', '', '', '', '', '', '错', '先对客户的感受表示歉意和理解，再核实处理。', '', ''],
  ['填空', 'complaints', 'principles', 2, '投诉处理的基本原则是先处理____，再处理事情。', '', '', '', '', '', '', '', '', '情绪|心情', '先安抚情绪，客户才能听进解决方案。', '', ''],
  ['简答', 'complaints', 'principles', 3, '简述处理投诉的基本原则。', '', '', '', '', '', '', '', '', '', '围绕先情绪后事情、首问负责作答。', '先处理情绪，再处理事情；首问负责……', '先处理情绪:2;首问负责:2;及时反馈:1'],
];

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

async function bankWorkbook(index: CourseIndex): Promise<ExcelJS.Workbook> {
  const Excel = await excel();
  const wb = new Excel.Workbook();
  wb.creator = '客服岗位技能认证';
  const data = wb.addWorksheet(DATA_SHEET);
  data.columns = BANK_COLUMNS.map((c) => ({
    header: HEADER_TEXT[c],
    key: c,
    width: c === 'stem' || c === 'explanation' || c === 'reference' ? 48 : c.length === 1 ? 20 : c === 'keyPoints' ? 32 : 14,
    style: { alignment: { vertical: 'top', wrapText: c !== 'type' && c !== 'difficulty' } },
  }));
  styleHeader(data);

  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [{ header: '说明', width: 90 }, { header: 'Instructions', width: 90 }];
  styleHeader(help);
  for (const [zh, en] of HELP) help.addRow([zh, en]).alignment = { wrapText: true, vertical: 'top' };
  help.addRow([]);
  help.addRow(['示例（复制到“题库”工作表使用）', 'Examples (copy them to the "题库" sheet)']).font = { bold: true };
  help.addRow(BANK_COLUMNS.map((c) => HEADER_TEXT[c])).font = { bold: true };
  for (const e of EXAMPLES) help.addRow(e);

  const chapters = wb.addWorksheet(CHAPTER_SHEET);
  chapters.columns = [
    { header: '章节编号 / chapter id', width: 20 },
    { header: '章节名称 / chapter title', width: 30 },
    { header: '小节编号 / section id', width: 34 },
    { header: '小节名称 / section title', width: 44 },
  ];
  styleHeader(chapters);
  for (const c of index.chapters) for (const s of c.sections) chapters.addRow([c.id, c.title, s.id, s.title]);
  // One row per chapter in column F: the drop-down list of the chapter column.
  chapters.getCell(1, 6).value = '章节列表 / chapters';
  index.chapters.forEach((c, i) => (chapters.getCell(i + 2, 6).value = c.id));
  chapters.getColumn(6).width = 20;

  const col = (c: Column) => BANK_COLUMNS.indexOf(c) + 1;
  const chapterList = `'${CHAPTER_SHEET}'!$F$2:$F$${index.chapters.length + 1}`;
  for (let r = 2; r <= VALIDATED_ROWS + 1; r++) {
    data.getCell(r, col('type')).dataValidation = {
      type: 'list', allowBlank: true, formulae: [TYPE_LIST], showErrorMessage: true,
      errorTitle: '题型 / type', error: '请从列表中选择题型 / choose a type from the list',
    };
    data.getCell(r, col('difficulty')).dataValidation = {
      type: 'list', allowBlank: true, formulae: ['"1,2,3"'], showErrorMessage: true,
      errorTitle: '难度 / difficulty', error: '难度为 1、2、3 / difficulty is 1, 2 or 3',
    };
    // Titles are accepted too, so the chapter list only suggests.
    data.getCell(r, col('chapter')).dataValidation = { type: 'list', allowBlank: true, formulae: [chapterList], showErrorMessage: false };
  }
  return wb;
}

export async function templateXlsx(index: CourseIndex): Promise<Buffer> {
  const wb = await bankWorkbook(index);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A bank question as a template row: difficulty as a number, answers as the template writes them. */
export function questionRow(q: QuestionSource): (string | number)[] {
  const answer =
    q.type === 'truefalse' ? (q.answer[0] === true ? '对' : '错') : q.type === 'fill' ? q.answer.map(String).join('|') : q.type === 'essay' ? '' : q.answer.join('');
  return [
    TYPE_NAMES[q.type].zh, q.chapterId, q.sectionId, q.difficulty, q.stem,
    ...OPTION_LETTERS.map((_, i) => q.options[i] ?? ''),
    answer, q.explanation, q.reference, q.keyPoints.length ? formatKeyPoints(q.keyPoints) : '',
  ];
}

export async function bankXlsx(index: CourseIndex, questions: readonly QuestionSource[]): Promise<Buffer> {
  const wb = await bankWorkbook(index);
  const data = wb.getWorksheet(DATA_SHEET)!;
  // The drop-down lists already created rows 2…, so rows are written by number rather than appended.
  questions.forEach((q, i) => {
    questionRow(q).forEach((value, c) => {
      if (value !== '') data.getCell(i + 2, c + 1).value = value;
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
