import fs from 'node:fs';
import path from 'node:path';
import { createPack } from '../../electron/services/contentPackFormat';
import { test, expect, shot } from './fixtures/test';
import { StaffPage } from './models/StaffPage';

test('an administrator creates a proctor, backs up and checks the data, and imports a content pack after a preview', async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  const staff = new StaffPage(page);
  await staff.setupAdmin('HR01', '人事管理员', 'Secure-pass-1');
  await page.getByRole('link', { name: '系统管理' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('系统管理');

  const accounts = page.locator('section[aria-labelledby="accounts-heading"]');
  await accounts.getByLabel('工号').fill('P01');
  await accounts.getByLabel('姓名').fill('王监考');
  await accounts.getByLabel('角色').selectOption('proctor');
  await accounts.getByLabel('密码').fill('short');
  await accounts.getByLabel('密码').fill('proctor-pass-1');
  await accounts.getByRole('button', { name: '创建账户' }).click();
  await expect(accounts.getByRole('status')).toHaveText('已创建账户：王监考');
  await expect(accounts.locator('tbody tr', { hasText: '王监考' })).toContainText('监考');

  const data = page.locator('section[aria-labelledby="data-heading"]');
  const rowsBefore = await data.locator('tbody tr').count();
  await data.getByRole('button', { name: '立即备份' }).click();
  await expect(data.locator('tbody tr')).toHaveCount(rowsBefore + 1);
  await data.getByRole('button', { name: '检查数据库' }).click();
  await expect(data.getByRole('status')).toHaveText(/检查通过/);

  // A tampered pack is refused with reasons; a good one previews its changes and imports.
  const pack = createPack(path.resolve('content'), '2026 年第四季度修订');
  const tampered = structuredClone(pack);
  tampered.files['questions/role.yaml'] += '\n# edited after packing\n';
  const dir = testInfo.outputPath();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bad.kbpack'), JSON.stringify(tampered));
  fs.writeFileSync(path.join(dir, 'good.kbpack'), JSON.stringify(pack));
  const packs = page.locator('section[aria-labelledby="pack-heading"]');
  await packs.getByLabel(/选择内容包文件/).setInputFiles(path.join(dir, 'bad.kbpack'));
  await expect(packs.getByRole('alert')).toContainText('清单不符');
  await expect(packs.getByRole('alert')).toContainText('questions/role.yaml');
  await packs.getByLabel(/选择内容包文件/).setInputFiles(path.join(dir, 'good.kbpack'));
  await expect(packs.locator('.pack-preview')).toContainText('题目：新增 0，修改 0，删除 0');
  await expect(packs.locator('.pack-preview')).toContainText('组卷方案：新增 0，修改 0，删除 0');
  await packs.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('admin-content-pack') });
  await packs.getByRole('button', { name: '确认导入' }).click();
  await expect(packs.getByRole('status')).toContainText('已导入');
});
