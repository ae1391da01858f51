import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { QuestionSource } from '../../db/content/model';
import { checkRow, courseIndex, type BankQuestion, type RawRow } from '../../electron/services/bankRows';
import { readGift } from '../../electron/services/bankGift';
import { readBankXlsx } from '../../electron/services/bankXlsx';
import { loadBank } from '../../electron/services/questionBank';
import { contentMeta } from '../../electron/services/app';
import { openTestApi } from '../helpers/app';

const ADMIN = { role: 'admin' as const, personId: null };

/** A GIFT file as a trainer exports it from Moodle: HTML, weights, feedback, and items we cannot take. */
const GIFT = `// 客服中心题库，导出自 Moodle 4.3
// 分类：投诉处理

$CATEGORY: $course$/top/默认/投诉处理

::投诉-01::[html]<p>客户来电投诉宽带<strong>频繁掉线</strong>，客服代表首先应该怎么做？</p>{
  ~立即派单给装维人员#先安抚再派单。
  =向客户致歉并表示理解，再了解故障情况#正确：先处理情绪。
  ~建议客户重启光猫后再来电
  ~告知客户这是线路老化，无法处理
  ####先处理情绪，再处理事情；了解清楚故障后再派单。
}

::投诉-02:: 处理客户投诉时，下列哪些做法是正确的？ {
  ~%50%认真倾听，不打断客户
  ~%50%复述客户的问题以确认理解
  ~%-100%与客户争论责任归属
  ~%-100%承诺无法兑现的赔偿
}

// [tag:难度1]
::投诉-03:: 首问负责制是指第一位接待客户的员工要负责到底。{TRUE#错了，首问负责要求跟踪到底。#正确。####首问负责：谁接待、谁负责、负责到底。}

::投诉-04:: 服务关键时刻（MOT）的第一步是{=奠定基调 =定基调}，它包括意愿、情绪和责任三个方面。

::投诉-05:: 请简述上门处理投诉时客户经理应注意的“宜”与“忌”。{####宜：提前了解情况、准时到达、耐心倾听；忌：推诿、争辩、随意承诺。}

::投诉-06:: 将投诉类型与受理部门配对。{
  =资费争议 -> 计费中心
  =网络故障 -> 网络维护部
  =服务态度 -> 客服质检组
}

::投诉-07:: 10000 号人工服务每天提供多少小时？{#24\\:0}

投诉处理小结：以上题目覆盖 MOT 的前两步。

::投诉-08:: 客户说：“你们再不解决我就去工信部投诉！”最恰当的回应是？{
  =“非常理解您的着急，我现在就为您加急处理，两小时内给您回复。”
  ~“您投诉也没用，流程就是这样。”
  ~“这不归我们部门管。”
}
`;

const AIKEN = `客户投诉“月租被多扣”，核实后确属系统错误，客服代表正确的做法是？
A. 解释系统偶尔出错属正常现象
B. 致歉并说明退费方式和到账时间
C. 建议客户下月再观察
D. 请客户自行到营业厅办理
ANSWER: B

以下哪些属于电话营销开场白的要素？
A．问候并自我介绍
B．说明来电目的
C．询问客户是否方便接听
D．直接报价
ANSWER: A,B,C

投诉处理中最重要的是什么？
A. 速度
B. 态度
ANSWER: B

客户挂机后，客服代表应当做什么？
A) 立即接听下一通电话
B) 完成工单记录
C) 与同事聊天
`;

const lineOf = (text: string, marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

/** A bank question as the checked row it should come back as. */
function asChecked(q: QuestionSource) {
  const answer = q.type === 'truefalse' ? q.answer[0] : q.type === 'fill' ? q.answer.map(String) : q.type === 'essay' ? [] : q.answer.join('');
  return {
    type: q.type, chapterId: q.chapterId, sectionId: q.sectionId, difficulty: q.difficulty, stem: q.stem, options: q.options,
    answer, explanation: q.explanation, reference: q.reference, keyPoints: q.keyPoints,
  };
}
const comparable = ({ row: _row, explained: _explained, ...q }: BankQuestion) => q;

describe('question bank: Moodle GIFT and Aiken', () => {
  it('imports what fits from a GIFT file and reports matching, numerical and descriptions as unsupported', async () => {
    const api = await openTestApi();
    const input = { format: 'gift' as const, text: GIFT, fileName: 'moodle-投诉.txt', chapterId: 'complaints', sectionId: 'principles' };
    const preview = await api.callAs(ADMIN, 'bank.previewImport', input);
    expect(preview.errors.map((e) => [e.row, e.kind, e.message['zh-CN']])).toEqual([
      [lineOf(GIFT, '::投诉-06::'), 'unsupported', `第${lineOf(GIFT, '::投诉-06::')}行: 配对题（matching）不支持`],
      [lineOf(GIFT, '::投诉-07::'), 'unsupported', `第${lineOf(GIFT, '::投诉-07::')}行: 数值题（numerical）不支持`],
      [lineOf(GIFT, '投诉处理小结'), 'unsupported', `第${lineOf(GIFT, '投诉处理小结')}行: 说明文字（没有答案），不是题目，已跳过`],
    ]);
    expect(preview.errors[0].message.en).toBe(`row ${lineOf(GIFT, '::投诉-06::')}: matching questions are not supported`);
    expect(preview).toMatchObject({ rows: 6, validRows: 6, blocked: true });
    expect(preview.warnings.map((w) => w.row)).toEqual([lineOf(GIFT, '::投诉-05::')]); // the essay had no key points
    expect(preview.notices[0]['zh-CN']).toContain('4 道题没有解析'); // 02, 04, 05 and 08 carry no feedback

    const done = await api.callAs(ADMIN, 'bank.import', { ...input, validRowsOnly: true });
    expect(done.questions.map((q) => [q.id, q.type])).toEqual([
      ['complaints-i001', 'single'], ['complaints-i002', 'multiple'], ['complaints-i003', 'truefalse'],
      ['complaints-i004', 'fill'], ['complaints-i005', 'essay'], ['complaints-i006', 'single'],
    ]);
    const bank = loadBank(api.app.content).byId;
    expect(bank.get('complaints-i001')).toMatchObject({
      sectionId: 'principles', difficulty: 2, stem: '客户来电投诉宽带频繁掉线，客服代表首先应该怎么做？', answer: ['B'],
      options: ['立即派单给装维人员', '向客户致歉并表示理解，再了解故障情况', '建议客户重启光猫后再来电', '告知客户这是线路老化，无法处理'],
      explanation: '先处理情绪，再处理事情；了解清楚故障后再派单。',
    });
    expect(bank.get('complaints-i002')).toMatchObject({ answer: ['A', 'B'], explanation: '正确答案：A、B。' });
    expect(bank.get('complaints-i003')).toMatchObject({ answer: [true], difficulty: 1, explanation: '首问负责：谁接待、谁负责、负责到底。' });
    expect(bank.get('complaints-i004')).toMatchObject({ stem: '服务关键时刻（MOT）的第一步是____，它包括意愿、情绪和责任三个方面。', answer: ['奠定基调', '定基调'] });
    expect(bank.get('complaints-i005')).toMatchObject({
      type: 'essay', reference: '宜：提前了解情况、准时到达、耐心倾听；忌：推诿、争辩、随意承诺。', keyPoints: [{ point: '符合参考答案要点', score: 5 }],
    });
    expect(bank.get('complaints-i006')).toMatchObject({ type: 'single', answer: ['A'], stem: '客户说：“你们再不解决我就去工信部投诉！”最恰当的回应是？' });
  });

  it('imports an Aiken file, multiple answers included, and reports the items that do not fit', async () => {
    const api = await openTestApi();
    const input = { format: 'aiken' as const, fileBase64: Buffer.from(AIKEN, 'utf8').toString('base64'), fileName: 'aiken.txt', chapterId: 'telemarketing', difficulty: 3 as const };
    const noSection = await api.callAs(ADMIN, 'bank.previewImport', input);
    expect(noSection.errors.filter((e) => e.column === 'section')).toHaveLength(3);

    const section = (api.app.content.prepare("SELECT id FROM sections WHERE chapter_id = 'telemarketing' AND level = 2 ORDER BY ord LIMIT 1").pluck().get()) as string;
    const preview = await api.callAs(ADMIN, 'bank.previewImport', { ...input, sectionId: section });
    expect(preview.errors.map((e) => [e.row, e.column, e.message['zh-CN']])).toEqual([
      [lineOf(AIKEN, '最重要的是什么'), 'options', `第${lineOf(AIKEN, '最重要的是什么')}行 选项列: 单选题需要 3–6 个选项，这里有 2 个`],
      [lineOf(AIKEN, '客户挂机后'), 'answer', `第${lineOf(AIKEN, '客户挂机后')}行 答案列: 缺少“ANSWER: 字母”行`],
    ]);
    expect(preview).toMatchObject({ rows: 3, validRows: 2, blocked: true, questions: [] });
    const done = await api.callAs(ADMIN, 'bank.import', { ...input, sectionId: section, validRowsOnly: true });
    expect(done.questions.map((q) => q.type)).toEqual(['single', 'multiple']);
    const [first, second] = done.questions.map((q) => loadBank(api.app.content).byId.get(q.id)!);
    expect(first).toMatchObject({ chapterId: 'telemarketing', sectionId: section, difficulty: 3, answer: ['B'], explanation: '正确答案：B（致歉并说明退费方式和到账时间）。' });
    expect(second).toMatchObject({ type: 'multiple', answer: ['A', 'B', 'C'], options: ['问候并自我介绍', '说明来电目的', '询问客户是否方便接听', '直接报价'] });
  });
});

/** GB18030 bytes of a text, from a table built by decoding every two-byte code (Node can decode GB18030 but not encode it). */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

describe('question bank: text encodings', () => {
  it('reads an Aiken file saved as GB18030 (Notepad on Chinese Windows) as well as UTF-8', async () => {
    const api = await openTestApi();
    const text = AIKEN.split('\n\n').slice(0, 2).join('\n\n');
    const bytes = gb18030(text);
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(false);
    const input = { format: 'aiken' as const, fileName: 'gbk.txt', chapterId: 'complaints', sectionId: 'principles' };
    const viaGbk = await api.callAs(ADMIN, 'bank.previewImport', { ...input, fileBase64: bytes.toString('base64') });
    const viaUtf8 = await api.callAs(ADMIN, 'bank.previewImport', { ...input, fileBase64: Buffer.from(text, 'utf8').toString('base64') });
    expect(viaGbk).toMatchObject({ rows: 2, validRows: 2, errorCount: 0 });
    expect(viaGbk.questions).toEqual(viaUtf8.questions);
    expect(viaGbk.pack?.contentVersion).toBe(viaUtf8.pack?.contentVersion);
  });
});

describe('question bank: export', () => {
  it('exports the bank to XLSX with the template columns and numbers as numbers; read back it is the bank', async () => {
    const api = await openTestApi();
    const file = await api.callAs(ADMIN, 'bank.export', { format: 'xlsx' });
    const bank = loadBank(api.app.content).questions;
    expect(file).toMatchObject({ questions: bank.length, mimeType: expect.stringContaining('spreadsheetml') });
    const data = Buffer.from(file.base64, 'base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('题库')!;
    const q1 = bank.find((q) => q.id === 'complaints-001')!;
    let found = 0;
    sheet.eachRow((r, n) => {
      if (n === 1) return;
      found++;
      expect(typeof r.getCell(4).value, `row ${n} difficulty`).toBe('number');
      if (r.getCell(5).value === q1.stem) {
        expect(r.getCell(1).value).toBe(({ single: '单选', scenario: '情景', multiple: '多选', truefalse: '判断', fill: '填空', essay: '简答' } as const)[q1.type]);
        expect([r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]).toEqual([q1.chapterId, q1.sectionId, q1.difficulty]);
        expect(r.getCell(14).value).toBe(q1.answer.join(''));
        expect(r.getCell(15).value).toBe(q1.explanation);
      }
    });
    expect(found).toBe(bank.length);

    // Read with the importer's own reader, every row checks out as the same question.
    const { rows, issues } = await readBankXlsx(data);
    expect(issues).toEqual([]);
    const index = courseIndex(api.app.content);
    const checked = rows.map((r) => checkRow(r, index, {}));
    expect(checked.flatMap((c) => c.issues)).toEqual([]);
    const byKey = new Map(bank.map((q) => [`${q.chapterId}|${q.stem}`, asChecked(q)]));
    for (const c of checked) expect(comparable(c.question!)).toEqual(byKey.get(`${c.question!.chapterId}|${c.question!.stem}`));
  });

  it('exports GIFT that imports back to the same questions', async () => {
    const api = await openTestApi();
    const file = await api.callAs(ADMIN, 'bank.export', { format: 'gift' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    const bank = loadBank(api.app.content).questions;
    expect(text).toContain('$CATEGORY: $course$/top/complaints/principles');

    const { rows, issues } = readGift(text);
    expect(issues).toEqual([]);
    expect(rows).toHaveLength(bank.length);
    const index = courseIndex(api.app.content);
    const back = rows.map((r: RawRow) => checkRow(r, index, {}));
    expect(back.flatMap((b) => b.issues)).toEqual([]);
    const byKey = new Map(bank.map((q) => [`${q.chapterId}|${q.stem}`, asChecked(q)]));
    for (const b of back) expect(comparable(b.question!)).toEqual(byKey.get(`${b.question!.chapterId}|${b.question!.stem}`));
    expect(new Set(back.map((b) => `${b.question!.chapterId}|${b.question!.stem}`)).size).toBe(bank.length);

    // Through the API: every item is valid and recognised as already in the bank; nothing changes on preview.
    const version = contentMeta(api.app.content).version;
    const preview = await api.callAs(ADMIN, 'bank.previewImport', { format: 'gift', text, fileName: file.fileName });
    expect(preview).toMatchObject({ rows: bank.length, validRows: bank.length, errorCount: 0 });
    expect(preview.warnings).toHaveLength(bank.length);
    expect(contentMeta(api.app.content).version).toBe(version);
  });
});
