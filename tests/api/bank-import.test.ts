import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { compileContent } from '../../db/content/compile';
import { listBackups } from '../../db/backup';
import { contentMeta, openApp } from '../../electron/services/app';
import { createPack } from '../../electron/services/contentPackFormat';
import { coursePackPath, packVersion } from '../../electron/services/coursePack';
import { drawPaper } from '../../electron/services/paper';
import { loadBank, loadBlueprint } from '../../electron/services/questionBank';
import { verifyAuditChain } from '../../electron/services/audit';
import { createGateway } from '../../electron/api/gateway';
import type { BankImportPreview } from '../../electron/shared/calls/bank';
import { openTestApi, tempDir, type TestApi } from '../helpers/app';
import { ROOT, TEST_CONTENT_DB } from '../helpers/paths';

const ADMIN = { role: 'admin' as const, personId: null };
type Cell = string | number | null;

/** The template as the app hands it out, with `rows` written into its 题库 sheet from row 2. */
async function workbookFromTemplate(api: TestApi, rows: Cell[][]): Promise<string> {
  const template = await api.callAs(ADMIN, 'bank.template', {});
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(template.base64, 'base64') as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('题库')!;
  rows.forEach((r, i) => r.forEach((v, c) => v !== null && v !== '' && (sheet.getCell(i + 2, c + 1).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** type, chapter, section, difficulty, stem, A–H, answer, explanation, reference, key points */
const row = (type: string, chapter: string, section: string, difficulty: Cell, stem: string, options: string[], answer: Cell, explanation: string, reference = '', keyPoints = ''): Cell[] => [
  type, chapter, section, difficulty, stem, ...Array.from({ length: 8 }, (_, i) => options[i] ?? ''), answer, explanation, reference, keyPoints,
];

const GOOD_SINGLE = row('单选', 'complaints', 'principles', 1, '客户来电时情绪激动、连续抱怨，客服代表第一句话最恰当的是哪一句？', ['您先别激动，听我解释', '非常理解您现在的心情，我来帮您处理', '这是公司规定，我也没办法', '请您冷静后再来电'], 'B', '先处理情绪再处理事情：表达理解能缓和情绪；要求客户别激动、搬出规定或推迟处理都会激化矛盾。');
const GOOD_TRUEFALSE = row('判断', '投诉处理技巧', '投诉处理的基本原则', 2, '处理投诉时，只要最后解决了问题，中途与客户争辩谁对谁错并无不妥。', [], '错', '与客户争辩会激化矛盾，即使最终解决了问题，客户的感受也已受损。');

const BAD_ROWS: Cell[][] = [
  GOOD_SINGLE, // row 2
  row('配对', 'complaints', 'principles', 1, '把投诉类型与处理部门连线。', ['资费', '网络', '服务'], 'A', '配对题。'), // row 3
  row('单选', 'complaints', 'principles', 2, '首问负责制要求第一位接待客户的员工怎样做？', ['负责到底，跟踪到问题解决', '转给专业部门即可', '请客户自行查询', '记录后等待回电'], 'E', '首问负责就是谁接待谁负责到底。'), // row 4
  row('单选', 'complaints', 'principles', 2, '', ['甲', '乙', '丙'], 'A', '缺少题干。'), // row 5
  row('判断', 'complaints', 'principles', 5, '投诉客户都是难缠的客户。', [], '错', '多数投诉客户是愿意给企业改进机会的客户。'), // row 6
  row('判断', 'no-such-chapter', 'principles', 1, '投诉的价值在于帮助企业发现问题。', [], '对', '投诉暴露服务短板。'), // row 7
  row('判断', 'complaints', 'no-such-section', 1, '上门处理投诉前应先了解客户的基本情况。', [], '对', '有准备才能有针对性地沟通。'), // row 8
  GOOD_TRUEFALSE, // row 9
];

const EXPECTED_ERRORS = [
  { row: 3, column: 'type', zh: '第3行 题型列: 未知题型“配对”，可用：单选、多选、判断、填空、情景、简答', en: 'row 3, type: unknown type "配对"; use single, multiple, truefalse, fill, scenario or essay' },
  { row: 4, column: 'answer', zh: '第4行 答案列: 选项 E 不存在', en: 'row 4, answer: option E does not exist' },
  { row: 5, column: 'stem', zh: '第5行 题干列: 题干不能为空', en: 'row 5, stem: the stem is missing' },
  { row: 6, column: 'difficulty', zh: '第6行 难度列: 难度应为 1、2、3（易、中、难），填写的是“5”', en: 'row 6, difficulty: the difficulty is 1, 2 or 3 (easy, medium, hard), not "5"' },
  { row: 7, column: 'chapter', zh: '第7行 章节列: 章节“no-such-chapter”不存在', en: 'row 7, chapter: chapter "no-such-chapter" does not exist' },
  { row: 8, column: 'section', zh: '第8行 小节列: “投诉处理技巧”中没有小节“no-such-section”', en: 'row 8, section: chapter "complaints" has no section "no-such-section"' },
];

const simple = (p: BankImportPreview) => p.errors.map((e) => ({ row: e.row, column: e.column, zh: e.message['zh-CN'], en: e.message.en }));

async function learnerSession(api: TestApi): Promise<string> {
  return (await api.call('profiles.create', { employeeId: 'E200', name: '李娜', branch: '城北营业厅' })).session;
}

describe('question bank: the course keeps its source pack', () => {
  it('the pack written beside content.db compiles to the same version, and a new data folder gets it', async () => {
    const pack = createPack(path.join(ROOT, 'content'), 'x');
    expect(packVersion(pack)).toBe(compileContent(path.join(ROOT, 'content')).course!.version);
    const api = await openTestApi();
    const kept = JSON.parse(fs.readFileSync(coursePackPath(api.app.paths), 'utf8'));
    expect(packVersion(kept)).toBe(contentMeta(api.app.content).version);
  });
});

describe('question bank: XLSX template and import', () => {
  it('the template has the header, an instructions sheet, the chapters and a list of types; its examples import cleanly', async () => {
    const api = await openTestApi();
    const file = await api.callAs(ADMIN, 'bank.template', {});
    expect(file.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['题库', '填写说明', '章节']);
    const header = (wb.getWorksheet('题库')!.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['题型 / type', '章节 / chapter', '小节 / section', '难度 / difficulty', '题干 / stem',
      ...'ABCDEFGH'.split('').map((l) => `选项${l} / option ${l}`), '答案 / answer', '解析 / explanation', '参考答案 / reference', '评分要点 / key points']);
    const typeList = wb.getWorksheet('题库')!.getCell('A2').dataValidation;
    expect(typeList.type).toBe('list');
    expect(String(typeList.formulae[0])).toContain('单选,多选,判断,填空,情景,简答');
    const chapters = wb.getWorksheet('章节')!;
    expect(chapters.getColumn(1).values).toContain('complaints');
    expect(chapters.getColumn(4).values).toContain('投诉处理的基本原则');

    // The examples of the instructions sheet, copied into the data sheet, are valid questions.
    const help = wb.getWorksheet('填写说明')!;
    const examples: Cell[][] = [];
    help.eachRow((r, n) => {
      if (n > 1 && r.getCell(2).value === 'complaints') examples.push((r.values as Cell[]).slice(1));
    });
    expect(examples).toHaveLength(4);
    const preview = await api.callAs(ADMIN, 'bank.previewImport', { format: 'xlsx', fileBase64: await workbookFromTemplate(api, examples), fileName: '示例.xlsx' });
    expect(simple(preview)).toEqual([]);
    expect(preview.questions.map((q) => q.type)).toEqual(['single', 'truefalse', 'fill', 'essay']);
  });

  it('reports every bad row by row and column in Chinese and English, and imports nothing', async () => {
    const api = await openTestApi();
    const before = contentMeta(api.app.content).version;
    const packBefore = fs.readFileSync(coursePackPath(api.app.paths), 'utf8');
    const input = { format: 'xlsx' as const, fileBase64: await workbookFromTemplate(api, BAD_ROWS), fileName: 'bank.xlsx' };

    const preview = await api.callAs(ADMIN, 'bank.previewImport', input);
    expect(simple(preview)).toEqual(EXPECTED_ERRORS);
    expect(preview).toMatchObject({ rows: 8, validRows: 2, errorCount: 6, blocked: true, willImport: 0, pack: null, imported: false });

    const refused = await api.gateway.callAs(ADMIN, 'bank.import', input);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('invalid_input');
      expect(refused.error.message['zh-CN']).toContain('有 6 行未通过校验');
      expect(refused.error.message['zh-CN']).toContain('未导入任何题目');
      expect(refused.error.issues?.map((i) => i.path)).toEqual(['row 3', 'row 4', 'row 5', 'row 6', 'row 7', 'row 8']);
      expect(refused.error.issues?.[1].message).toBe('第4行 答案列: 选项 E 不存在 / row 4, answer: option E does not exist');
    }
    expect(contentMeta(api.app.content).version).toBe(before);
    expect(api.app.content.prepare("SELECT count(*) FROM questions WHERE id LIKE '%-i%'").pluck().get()).toBe(0);
    expect(fs.readFileSync(coursePackPath(api.app.paths), 'utf8')).toBe(packBefore);
    expect(listBackups(api.app.paths.backupsDir, 'event')).toEqual([]);
  });

  it('checks each kind of cell: options, answers per type, fill blanks, essay key points, duplicates', async () => {
    const api = await openTestApi();
    const rows: Cell[][] = [
      row('多选', 'complaints', 'principles', 2, '以下哪些做法符合首问负责制？', ['跟踪到底', '主动回访', '推给别的部门', '承诺后落实'], 'A', '多选题只给了一个答案。'),
      row('单选', 'complaints', 'principles', 2, '选项中间空了一格的题目？', ['甲', '', '丙', '丁'], 'A', '选项 B 为空。'),
      row('单选', 'complaints', 'principles', 2, '两个选项相同的题目？', ['甲', '乙', '甲'], 'B', '选项 C 与 A 相同。'),
      row('判断', 'complaints', 'principles', 1, '判断题的答案写成了“可能”。', [], '可能', '答案无效。'),
      row('填空', 'complaints', 'principles', 2, '这道填空题没有空。', [], '情绪', '缺少 ____ 标记。'),
      row('简答', 'complaints', 'principles', 3, '简述投诉处理的原则。', [], '', '按要点评分。', '先情绪后事情。', '先处理情绪两分'),
      row('单选', 'complaints', 'principles', 1, '没有解析的单选题？', ['甲', '乙', '丙'], 'A', ''),
      GOOD_SINGLE,
      GOOD_SINGLE,
    ];
    const preview = await api.callAs(ADMIN, 'bank.previewImport', { format: 'xlsx', fileBase64: await workbookFromTemplate(api, rows), fileName: 'checks.xlsx' });
    expect(simple(preview).map((e) => [e.row, e.column, e.zh])).toEqual([
      [2, 'answer', '第2行 答案列: 多选题至少有两个答案，只填写了 A'],
      [3, 'B', '第3行 选项B列: 选项 B 为空，但后面还有选项'],
      [4, 'C', '第4行 选项C列: 选项 C 与选项 A 相同'],
      [5, 'answer', '第5行 答案列: 判断题答案应为“对”或“错”（也可写 正确/错误、T/F），填写的是“可能”'],
      [6, 'stem', '第6行 题干列: 填空题的题干需要且只能有一处空“____”（四个下划线），这里有 0 处'],
      [7, 'keyPoints', '第7行 评分要点列: 评分要点应写成“要点:分值;要点:分值”，分值为 1–100 的整数'],
      [8, 'explanation', '第8行 解析列: 解析不能为空（说明为什么这个答案对、其他选项错）'],
      [10, 'stem', '第10行 题干列: 与第9行的题目重复'],
    ]);
    expect(preview.validRows).toBe(1);
  });

  it('with "import the valid rows" the good rows join the bank: content.db, practice, search and blueprints', async () => {
    const api = await openTestApi();
    const before = contentMeta(api.app.content).version;
    const total = loadBank(api.app.content).questions.length;
    const input = { format: 'xlsx' as const, fileBase64: await workbookFromTemplate(api, BAD_ROWS), fileName: 'bank.xlsx', validRowsOnly: true };

    const preview = await api.callAs(ADMIN, 'bank.previewImport', input);
    expect(preview).toMatchObject({ blocked: false, willImport: 2, errorCount: 6, validRowsOnly: true });
    expect(preview.questions).toEqual([
      { row: 2, id: 'complaints-i001', type: 'single', chapterId: 'complaints', sectionId: 'principles' },
      { row: 9, id: 'complaints-i002', type: 'truefalse', chapterId: 'complaints', sectionId: 'principles' },
    ]);
    expect(preview.counts).toEqual([
      { chapterId: 'complaints', chapterTitle: '投诉处理技巧', byType: { single: 1, multiple: 0, truefalse: 1, fill: 0, scenario: 0, essay: 0 }, total: 2 },
    ]);
    expect(preview.pack?.questions).toEqual({ added: 2, changed: 0, removed: 0 });
    expect(contentMeta(api.app.content).version).toBe(before); // a preview changes nothing

    const done = await api.callAs(ADMIN, 'bank.import', input);
    expect(done).toMatchObject({ imported: true, willImport: 2 });
    expect(done.pack?.totals.questions).toBe(total + 2);
    expect(contentMeta(api.app.content)).toMatchObject({ version: done.pack!.contentVersion, origin: 'pack' });

    const stored = api.app.content.prepare("SELECT * FROM questions WHERE id = 'complaints-i001'").get() as Record<string, unknown>;
    expect(stored).toMatchObject({ type: 'single', chapter_id: 'complaints', section_id: 'principles', difficulty: 1, answer: '["B"]', source: 'imported' });
    expect(JSON.parse(stored.options as string)).toEqual(['您先别激动，听我解释', '非常理解您现在的心情，我来帮您处理', '这是公司规定，我也没办法', '请您冷静后再来电']);
    expect(api.app.content.prepare("SELECT answer FROM questions WHERE id = 'complaints-i002'").pluck().get()).toBe('[false]');

    // Practice: the section's set includes them.
    const session = await learnerSession(api);
    const set = await api.call('practice.start', { chapterId: 'complaints', sectionId: 'principles', limit: 50 }, session);
    expect(set.questions.map((q) => q.id)).toEqual(expect.arrayContaining(['complaints-i001', 'complaints-i002']));
    const feedback = await api.call('practice.answer', { questionId: 'complaints-i001', response: 'B' }, session);
    expect(feedback.outcome).toBe('correct');

    // Search finds the imported stem.
    const found = await api.call('search.query', { query: '第一句话最恰当' });
    expect(found.questions.map((h) => h.refId)).toContain('complaints-i001');

    // Blueprints still draw, and an imported question is among what they draw from.
    const mock = await api.call('mock.start', {}, session);
    expect(mock.items.length).toBeGreaterThan(0);
    const bank = loadBank(api.app.content).questions;
    const blueprint = loadBlueprint(api.app.content, 'mock');
    const seed = Array.from({ length: 500 }, (_, i) => i + 1).find((s) => drawPaper(blueprint, bank, s, 'v').items.some((it) => it.questionId === 'complaints-i001'));
    expect(seed).toBeDefined();

    // Backed up first, audited, and the course's pack now holds the imported file.
    expect(listBackups(api.app.paths.backupsDir, 'event').some((f) => f.includes('pre-content-update'))).toBe(true);
    expect(api.app.user.prepare("SELECT target FROM audit_log WHERE action = 'bank.import'").pluck().all()).toEqual(['questions/imported-bank.yaml']);
    expect(verifyAuditChain(api.app.user)).toBeNull();
    const pack = JSON.parse(fs.readFileSync(coursePackPath(api.app.paths), 'utf8'));
    expect(Object.keys(pack.files)).toContain('questions/imported-bank.yaml');
    expect(packVersion(pack)).toBe(contentMeta(api.app.content).version);
  });

  it('importing a file of the same name again replaces the earlier import; another name adds; both survive a restart', async () => {
    const dataDir = tempDir();
    const api = await openTestApi({ dataDir });
    const base = loadBank(api.app.content).questions.length;
    const extra = row('判断', 'role', 'customer-meaning', 1, '企业内部的下游同事也是我们的客户。', [], '对', '内部客户同样需要用心服务。');
    await api.callAs(ADMIN, 'bank.import', { format: 'xlsx', fileBase64: await workbookFromTemplate(api, [GOOD_SINGLE, GOOD_TRUEFALSE]), fileName: 'bank.xlsx' });
    await api.callAs(ADMIN, 'bank.import', { format: 'xlsx', fileBase64: await workbookFromTemplate(api, [extra]), fileName: '内部客户.xlsx' });

    // The corrected bank.xlsx drops the true/false row and adds a new one: the single keeps its id.
    const changed = row('判断', 'complaints', 'principles', 2, '处理投诉时应先向客户道歉并表示理解。', [], '对', '先表达理解，再处理事情。');
    const preview = await api.callAs(ADMIN, 'bank.previewImport', { format: 'xlsx', fileBase64: await workbookFromTemplate(api, [GOOD_SINGLE, changed]), fileName: 'bank.xlsx' });
    expect(preview.replaced).toBe(2);
    expect(preview.questions.map((q) => q.id)).toEqual(['complaints-i001', 'complaints-i003']);
    expect(preview.pack?.questions).toEqual({ added: 1, changed: 0, removed: 1 });
    await api.callAs(ADMIN, 'bank.import', { format: 'xlsx', fileBase64: await workbookFromTemplate(api, [GOOD_SINGLE, changed]), fileName: 'bank.xlsx' });
    const ids = () => (api.app.content.prepare("SELECT id FROM questions WHERE source = 'imported' ORDER BY id").pluck().all() as string[]);
    expect(ids()).toEqual(['complaints-i001', 'complaints-i003', 'role-i001']);
    expect(loadBank(api.app.content).questions.length).toBe(base + 3);

    // Closing and opening the data folder keeps the imported course and its pack (imports keep working).
    const extraFile = await workbookFromTemplate(api, [extra]);
    api.app.close();
    const again = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    try {
      expect(again.content.prepare("SELECT count(*) FROM questions WHERE source = 'imported'").pluck().get()).toBe(3);
      const gw = createGateway(again);
      const r = await gw.callAs(ADMIN, 'bank.previewImport', { format: 'xlsx', fileBase64: extraFile, fileName: 'other.xlsx' });
      expect(r.ok).toBe(true);
      const warnings = r.ok ? (r.value as BankImportPreview).warnings.map((w) => w.message['zh-CN']) : [];
      expect(warnings).toEqual(['第2行 题干列: 题库中已有相同题干的题目 role-i001']);
    } finally {
      again.close();
    }
  });

  it('refuses a file that is not a workbook with a typed error', async () => {
    const api = await openTestApi();
    for (const fileBase64 of [Buffer.from('not a zip').toString('base64'), '***']) {
      const r = await api.gateway.callAs(ADMIN, 'bank.previewImport', { format: 'xlsx', fileBase64 });
      expect(r.ok || r.error.code).toBe('invalid_input');
    }
    const r = await api.gateway.callAs({ role: 'proctor', personId: 1 }, 'bank.export', { format: 'xlsx' });
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});
