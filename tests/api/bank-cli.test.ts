import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../electron/services/app';
import { tempDir } from '../helpers/app';
import { ROOT, TEST_CONTENT_DB } from '../helpers/paths';

/** `npm run kb -- …` as an administrator types it (the real CLI process, on its own data folder). */
function kb(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/kb.ts', ...args, '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('question bank from the CLI', () => {
  it('writes the template, refuses a file with a bad row, imports the valid rows with --valid-only, exports the bank', async () => {
    const dataDir = tempDir();
    (await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB })).close();
    const dir = tempDir();

    const template = path.join(dir, '模板.xlsx');
    const t = kb(['question-template', '--out', template], dataDir);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain(template);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    const sheet = wb.getWorksheet('题库')!;
    const rows = [
      ['情景', 'complaints', 'principles', 2, '客户说：“我已经打了三次电话了，到底有没有人管？”客服代表最恰当的回应是？', '“很抱歉让您多次来电，这次由我负责跟进到底。”', '“之前不是我接的电话。”', '“请您耐心等待。”', '', '', '', '', '', 'A', '首问负责：先致歉，再承诺由自己跟进到底；推卸或敷衍都会升级投诉。'],
      ['多选', 'complaints', 'principles', 2, '处理投诉时，哪些说法是禁忌？', '“这不可能”', '“这是公司规定”', '“我来帮您查一下”', '“您先冷静一下”', '', '', '', '', 'ABF', '选项 F 不存在。'],
    ];
    rows.forEach((r, i) => r.forEach((v, c) => v !== '' && (sheet.getCell(i + 2, c + 1).value = v)));
    const file = path.join(dir, 'cli-bank.xlsx');
    await wb.xlsx.writeFile(file);

    const refused = kb(['import-questions', file], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('有 1 行未通过校验');
    expect(refused.err).toContain('第3行 答案列: 选项 F 不存在 / row 3, answer: option F does not exist');

    const dry = kb(['import-questions', file, '--valid-only', '--dry-run'], dataDir);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('预览 / preview: 1 / 2');

    const done = kb(['import-questions', file, '--valid-only', '--json'], dataDir);
    expect(done.code, done.err).toBe(0);
    const summary = JSON.parse(done.out);
    expect(summary).toMatchObject({ imported: true, willImport: 1, target: 'questions/imported-cli-bank.yaml', questions: [{ id: 'complaints-i001', type: 'scenario' }] });

    const gift = path.join(dir, 'bank.gift.txt');
    const exported = kb(['export-questions', '--format', 'gift', '--out', gift], dataDir);
    expect(exported.code, exported.err).toBe(0);
    expect(fs.readFileSync(gift, 'utf8')).toContain('::complaints-i001::客户说');
    const info = kb(['info', '--json'], dataDir);
    expect(JSON.parse(info.out).counts.questions).toBe(summary.pack.totals.questions);
  });
});
