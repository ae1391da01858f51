import fs from 'node:fs';
import { test, expect, shot } from './fixtures/test';
import { expectAccessible } from './fixtures/axe';
import { api, finishedSession, retake, setupStaff } from './fixtures/records';
import { startWebServer } from './fixtures/server';
import { StaffPage } from './models/StaffPage';
import type { RecordRow } from '../../electron/shared/recordTypes';

test('results move from an exam PC to HR’s PC as signed bundles; a reopened attempt arrives as an update', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));

  // Two installations: the exam room's PC (its own bridge and data folder) and HR's PC, in the browser.
  const examPc = await startWebServer();
  try {
    const exam = await setupStaff(examPc);
    const session = await finishedSession(examPc, exam, { title: '2025年6月客服代表岗位认证', date: '2025-06-02', count: 3, open: true });
    await api(examPc, 'bundles.setLabel', { label: '城东营业厅考场' }, exam.admin);
    const save = (name: string, file: { base64: string }) => {
      const at = testInfo.outputPath(name);
      fs.writeFileSync(at, Buffer.from(file.base64, 'base64'));
      return at;
    };
    const identity = save('exam-pc.kfid', await api(examPc, 'bundles.identityFile', {}, exam.admin));
    const first = save('first.kfbundle', await api(examPc, 'bundles.export', { filter: {} }, exam.admin));
    const hr = await setupStaff(server);
    const scoreAtHr = async (employeeId: string) =>
      (await api<RecordRow[]>(server, 'records.person', { employeeId }, hr.admin)).map((r) => r.score);

    await page.goto(server.url);
    await new StaffPage(page).signIn('HR01', 'admin-pass-1');
    await page.getByRole('navigation').getByRole('link', { name: '系统管理' }).click();
    const bundles = page.getByTestId('bundles-panel');

    // HR registers the exam PC from its identity file, then imports its first bundle.
    await bundles.getByLabel('身份文件').setInputFiles(identity);
    await bundles.locator('#trust-reason').fill('城东营业厅考场电脑，已电话核对指纹');
    await bundles.getByRole('button', { name: '登记', exact: true }).click();
    await expect(bundles.getByTestId('trusted-table')).toContainText('城东营业厅考场');
    await bundles.getByLabel('结果包文件').setInputFiles(first);
    await expect(bundles.getByTestId('bundle-counts')).toHaveText('共 3 条，新增 3 条，更新 0 条，已存在 0 条');
    await expect(bundles.getByTestId('signer-trust')).toHaveText('受信任');
    await bundles.getByRole('button', { name: '导入 3 条成绩' }).click();
    await expect(bundles.getByTestId('bundle-report')).toHaveText('已导入 3 条成绩。');
    const [before] = await scoreAtHr('E3001');

    // On the exam PC the first candidate's attempt is reopened and taken again; the next bundle brings the new version.
    await retake(examPc, exam, session, 'E3001');
    const [after] = (await api<RecordRow[]>(examPc, 'records.person', { employeeId: 'E3001' }, exam.admin)).map((r) => r.score);
    expect(after).toBeGreaterThan(before!);
    const later = save('later.kfbundle', await api(examPc, 'bundles.export', { filter: {} }, exam.admin));
    await bundles.getByLabel('结果包文件').setInputFiles(later);
    await expect(bundles.getByTestId('bundle-counts')).toHaveText('共 3 条，新增 0 条，更新 1 条，已存在 2 条');
    const changes = bundles.getByTestId('bundle-changes');
    await expect(changes.locator('tbody tr')).toHaveCount(1);
    await expect(changes.locator('tbody tr')).toContainText(`张敏 (E3001)${session.code}${before} → ${after}更新为新版本（旧版本保留备查）`);
    await bundles.getByTestId('bundle-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('bundles-update-preview') });
    await expectAccessible(page, 'bundle preview with an update');
    await bundles.getByRole('button', { name: '导入 1 条成绩' }).click();
    await expect(bundles.getByTestId('bundle-report')).toHaveText('已导入 0 条成绩，1 条更新为签名电脑上的新版本（旧版本保留备查），2 条已存在（未重复导入）。');
    expect(await scoreAtHr('E3001')).toEqual([after]);

    // The same bundle again adds nothing; kb verify on HR's PC accounts for both versions.
    await bundles.getByLabel('结果包文件').setInputFiles(later);
    await expect(bundles.getByTestId('bundle-counts')).toHaveText('共 3 条，新增 0 条，更新 0 条，已存在 3 条');
    await expect(bundles.getByRole('button', { name: '导入 0 条成绩' })).toBeDisabled();
    expect(await api(server, 'bundles.verify', {}, hr.admin)).toMatchObject({ ok: true, bundles: 2, records: 4 });
    expect(problems).toEqual([]);
  } finally {
    await examPc.stop();
  }
});
