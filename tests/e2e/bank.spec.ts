import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect, shot } from './fixtures/test';
import { StaffPage } from './models/StaffPage';
import { SearchBox } from './models/SearchBox';
import { expectAccessible } from './fixtures/axe';

/** type, chapter, section, difficulty, stem, A–H, answer, explanation */
const ROWS: (string | number)[][] = [
  ['单选', 'complaints', 'principles', 1, '客户来电情绪激动、连续抱怨时，客服代表第一句话说什么最恰当？', '您先别激动，听我解释', '非常理解您现在的心情，我来帮您处理', '这是公司规定', '请您冷静后再来电', '', '', '', '', 'B', '先处理情绪再处理事情：表达理解能缓和情绪，搬出规定或推迟处理都会激化矛盾。'],
  ['单选', 'complaints', 'principles', 2, '首问负责制要求第一位接待客户的员工怎样做？', '负责到底，跟踪到问题解决', '转给专业部门即可', '请客户自行查询', '记录后等待回电', '', '', '', '', 'E', '首问负责就是谁接待谁负责到底。'],
  ['判断', '投诉处理技巧', '投诉处理的基本原则', 2, '处理投诉时，只要最后解决了问题，中途与客户争辩谁对谁错并无不妥。', '', '', '', '', '', '', '', '', '错', '与客户争辩会激化矛盾，即使最终解决了问题，客户的感受也已受损。'],
];

test('an administrator downloads the template, sees a bad row, imports the valid rows after a summary', async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  await new StaffPage(page).setupAdmin('HR01', '人事管理员', 'Secure-pass-1');
  await page.getByRole('link', { name: '系统管理' }).click();
  const bank = page.locator('section[aria-labelledby="bank-heading"]');
  await expect(bank.getByRole('heading', { name: '题库导入导出' })).toBeVisible();

  // The template comes from the app, and is filled in as a trainer would in Excel.
  const downloading = page.waitForEvent('download');
  await bank.getByRole('button', { name: '下载导入模板' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('题库导入模板.xlsx');
  const templatePath = testInfo.outputPath('template.xlsx');
  await download.saveAs(templatePath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(templatePath);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['题库', '填写说明', '章节']);
  const sheet = wb.getWorksheet('题库')!;
  ROWS.forEach((r, i) => r.forEach((v, c) => v !== '' && (sheet.getCell(i + 2, c + 1).value = v)));
  const filled = testInfo.outputPath('投诉题库.xlsx');
  await wb.xlsx.writeFile(filled);

  // One bad row: nothing can be imported, the row and column are named.
  await bank.getByLabel(/选择题目文件/).setInputFiles(filled);
  const preview = bank.getByTestId('bank-preview');
  await expect(preview).toContainText('共 3 题：有效 2 题，错误 1 处。');
  const errors = bank.getByTestId('bank-errors');
  await expect(errors.locator('tbody tr')).toHaveCount(1);
  await expect(errors.locator('tbody tr')).toContainText('3');
  await expect(errors.locator('tbody tr')).toContainText('答案');
  await expect(errors.locator('tbody tr')).toContainText('第3行 答案列: 选项 E 不存在');
  await expect(preview.getByRole('alert')).toContainText('不会导入任何题目');
  await expect(preview.getByRole('button', { name: /确认导入/ })).toHaveCount(0);
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('bank-row-error'), fullPage: false });

  // "Only the valid rows": a summary per chapter and type, then the import.
  await bank.getByLabel('只导入有效行').check();
  const summary = preview.getByTestId('bank-summary');
  await expect(summary).toContainText('将导入 2 道题');
  await expect(summary.locator('tbody tr')).toHaveCount(1);
  await expect(summary.locator('tbody tr')).toContainText('投诉处理技巧');
  await expect(summary).toContainText(/新增 2，修改 0，删除 0；共 \d+ 道题/);
  await summary.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('bank-summary') });
  await expectAccessible(page, 'question bank import preview');
  await preview.getByRole('button', { name: '确认导入 2 道题' }).click();
  await expect(bank.getByRole('status').filter({ hasText: '已导入 2 道题' })).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: shot('bank-imported') });

  // The imported question is found by the search box like any other.
  const search = new SearchBox(page);
  await search.insert('第一句话说什么最恰当');
  await expect(search.questionGroup).toContainText('客户来电情绪激动');

  // Export to GIFT: the download holds the imported questions.
  await page.keyboard.press('Escape');
  const exporting = page.waitForEvent('download');
  await bank.getByRole('button', { name: '导出题库（GIFT）' }).click();
  const gift = await exporting;
  const giftPath = testInfo.outputPath(gift.suggestedFilename());
  await gift.saveAs(giftPath);
  expect(fs.readFileSync(giftPath, 'utf8')).toContain('::complaints-i001::客户来电情绪激动');
  await expect(bank.getByTestId('bank-download-status')).toContainText(/已导出 \d+ 道题/);
});
