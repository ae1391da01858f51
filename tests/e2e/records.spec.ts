import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { test, expect, shot } from './fixtures/test';
import { expectAccessible } from './fixtures/axe';
import { api, finishedSession, setupStaff } from './fixtures/records';
import { RecordsPage } from './models/RecordsPage';
import { StaffPage } from './models/StaffPage';
import type { Locator, Page } from '@playwright/test';

/** A viewport screenshot with `part` at the top, just under the sticky header (element shots would show the header over it). */
async function shotOf(page: Page, part: Locator, name: string) {
  await part.evaluate((el) => {
    const header = document.querySelector('.app-header')!.getBoundingClientRect().height;
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - header - 12);
  });
  await page.screenshot({ path: shot(name) });
}

test('HR filters the records of a finished session, reads an attempt and its statistics, exports XLSX and a certificate, cancels an export', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  // Console errors, CSP violations included; a refused API call (e.g. the poll of a cancelled export, 404) is not one.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));

  const staff = await setupStaff(server);
  const june = await finishedSession(server, staff, { title: '2025年6月客服代表岗位认证', date: '2025-06-02', count: 6 });
  await finishedSession(server, staff, { title: '2025年7月补考', date: '2025-07-15', count: 2, prefix: 'E4' });

  await page.goto(server.url);
  await new StaffPage(page).signIn('HR01', 'admin-pass-1');
  const records = new RecordsPage(page);
  await records.open();
  await expect(records.total).toHaveText('第 1–8 条，共 8 条');

  // Filter one session: its six candidates, dates in the language's format.
  await records.filter({ session: june.code });
  await expect(records.total).toHaveText('第 1–6 条，共 6 条');
  await expect(page).toHaveURL(new RegExp(`#/records\\?sessionCode=${june.code}`));
  await expect(records.table.locator('tbody tr')).toHaveCount(6);
  await expect(records.row('E3001')).toContainText('2025年6月2日');
  await expect(records.row('E3006').locator('.badge')).toHaveText('合格');
  await expect(records.row('E3001').locator('.badge')).toHaveText('不合格');

  // Statistics for the session: figures, both charts drawn, the numbers also as tables, item analysis.
  await expect(records.stats.getByTestId('stat-figures')).toContainText('考试人次6');
  await expect(records.stats.getByTestId('stat-figures')).toContainText('已评定6');
  await expect.poll(() => records.chartDrawn('chart-histogram')).toBe(true);
  await expect.poll(() => records.chartDrawn('chart-mastery')).toBe(true);
  await expect(page.getByTestId('chart-histogram')).toHaveAttribute('aria-label', /成绩分布柱状图.*：\d/);
  await expect(records.stats.getByRole('table', { name: '各章节掌握程度' }).locator('tbody tr').first()).toContainText('%');
  await expect(page.getByTestId('items-table').locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: shot('records-list'), fullPage: false });
  await shotOf(page, records.stats, 'records-stats');
  await shotOf(page, page.locator('.item-analysis'), 'records-items');
  await expectAccessible(page, 'score records with statistics');

  // XLSX of the filter: the four sheets, one summary row per attempt, read back with exceljs.
  const xlsx = await records.download('导出 Excel（XLSX）');
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const xlsxPath = testInfo.outputPath(xlsx.suggestedFilename());
  await xlsx.saveAs(xlsxPath);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsxPath);
  expect(book.worksheets.map((w) => w.name)).toEqual(['成绩汇总', '答题明细', '章节得分', '题目分析']);
  expect(book.getWorksheet('成绩汇总')!.actualRowCount).toBe(7);
  expect(book.getWorksheet('答题明细')!.actualRowCount).toBe(1 + 6 * 72);
  await expect(page.getByTestId('export-result')).toContainText(xlsx.suggestedFilename());

  // Cancelling: the renderer's first status poll is held back (as on a slow PC) until 取消 is clicked, so the
  // click lands while the progress bar shows; the job is then gone on the server and nothing is saved.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = false;
  await page.route('**/api/records.exportStatus', async (route) => {
    if (!held) {
      held = true;
      await gate;
    }
    await route.continue().catch(() => undefined);
  });
  const started = page.waitForResponse('**/api/records.exportStart');
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByRole('button', { name: '导出 CSV（压缩包）' }).click();
  const jobId = ((await (await started).json()) as { value: { id: string } }).value.id;
  const bar = page.getByRole('progressbar', { name: '导出 CSV（压缩包）' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
  await page.screenshot({ path: shot('records-export-progress') });
  await page.getByTestId('export-status').getByRole('button', { name: '取消' }).click();
  release();
  await expect(records.exportResult).toHaveText('已取消：导出 CSV（压缩包）');
  await expect(api(server, 'records.exportStatus', { id: jobId }, staff.admin)).rejects.toThrow(/not_found/);
  await page.unroute('**/api/records.exportStatus');
  expect(downloads).toBe(0);

  // A person's history from their name, then one attempt in full.
  await records.row('E3006').getByRole('link', { name: '刘洋', exact: true }).click();
  await page.locator('#person-heading').waitFor();
  await expect(page.getByTestId('person-summary')).toContainText('共 1 次考试，合格 1 次');
  await page.screenshot({ path: shot('records-person') });
  await records.openAttempt('E3006');
  await expect(page.getByTestId('detail-result')).toHaveText('合格');
  await expect(page.getByTestId('detail-state')).toContainText('已评定');
  await expect(page.getByTestId('paper-fingerprint')).toHaveText(/^[0-9a-f]{16,}$/);
  await expect(page.getByTestId('detail-items').locator('tbody tr')).toHaveCount(72);
  await expect(page.getByTestId('detail-items').locator('tbody tr').first()).toContainText(/正确|错误|部分正确|未作答/);
  const certificate = page.getByTestId('certificate');
  await expect(certificate).toContainText('编号');
  const certNumber = (await certificate.locator('strong').textContent())!.trim();
  const certCode = (await certificate.locator('code').textContent())!.trim();
  await page.screenshot({ path: shot('records-detail') });
  await expectAccessible(page, 'attempt detail');

  const pdf = await records.download('合格证书 PDF');
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfPath = testInfo.outputPath(pdf.suggestedFilename());
  await pdf.saveAs(pdfPath);
  expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');

  // Administration: this PC's fingerprint in groups of four, and the certificate checks out.
  await page.getByRole('navigation').getByRole('link', { name: '系统管理' }).click();
  const bundles = page.getByTestId('bundles-panel');
  await expect(bundles.getByTestId('own-fingerprint')).toHaveText(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  const identity = await api<{ fingerprint: string }>(server, 'bundles.identity', {}, staff.admin);
  expect((await bundles.getByTestId('own-fingerprint').textContent())!.replaceAll(' ', '')).toBe(identity.fingerprint);
  const verify = page.getByTestId('verify-panel');
  await verify.getByLabel('证书编号').fill(certNumber);
  await verify.getByLabel('验证码').fill(certCode);
  await verify.getByRole('button', { name: '核验' }).click();
  await expect(verify.getByTestId('verify-result')).toContainText('证书有效');
  await expect(verify.getByTestId('verify-result')).toContainText('刘洋');
  await shotOf(page, bundles, 'records-admin-bundles');
  await expectAccessible(page, 'administration with bundles');

  // The largest text size: the records list and its charts still fit.
  const larger = page.getByRole('button', { name: /A\+/ });
  while (await larger.isEnabled()) await larger.click();
  await page.evaluate((code) => (window.location.hash = `#/records?sessionCode=${code}`), june.code);
  await records.table.waitFor();
  await page.screenshot({ path: shot('records-large-text') });
  await shotOf(page, records.stats, 'records-stats-large-text');
  expect(await records.chartDrawn('chart-histogram')).toBe(true);

  expect(problems, 'console errors (CSP included)').toEqual([]);
});
