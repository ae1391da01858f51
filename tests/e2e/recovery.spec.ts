import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, shot } from './fixtures/test';
import { startWebServer } from './fixtures/server';

test('a damaged user.db: the app explains, an administrator restores the newest good backup, nothing is lost', async ({ page, server }) => {
  // Set up an administrator and a learner, then take a backup through the API.
  await page.goto(server.url);
  await page.getByRole('link', { name: '管理登录' }).click();
  await page.getByLabel('工号').fill('HR01');
  await page.getByLabel('姓名').fill('人事管理员');
  await page.getByLabel('密码').fill('Secure-pass-1');
  await page.getByRole('button', { name: '创建管理员' }).click();
  await expect(page.locator('.current-user')).toBeVisible();
  await server.stop();
  execFileSync(process.execPath, ['--import', 'tsx', 'electron/cli/kb.ts', 'backup', '--data-dir', server.dataDir]);

  // Damage the live database while the app is down.
  const file = path.join(server.dataDir, 'user.db');
  for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
  const bytes = fs.readFileSync(file);
  for (let i = 4096; i < bytes.length; i += 5) bytes[i] ^= 0xff;
  fs.writeFileSync(file, bytes);

  const again = await startWebServer(server.dataDir);
  try {
    expect(again.output()).toContain('recovery mode');
    await page.goto(again.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('数据库需要恢复');
    await expect(page.locator('.recovery input[type=radio]').first()).toBeChecked();
    await page.screenshot({ path: shot('recovery-screen') });

    await page.getByLabel('管理员工号').fill('HR01');
    await page.getByLabel(/管理员密码/).fill('wrong-password');
    await page.getByRole('button', { name: '从所选备份恢复' }).click();
    await expect(page.getByRole('alert')).toContainText('不正确');

    await page.getByLabel(/管理员密码/).fill('Secure-pass-1');
    await page.getByRole('button', { name: '从所选备份恢复' }).click();
    await expect(page.getByRole('status')).toContainText('损坏的文件另存为 user.db.corrupt-');
    const aside = fs.readdirSync(server.dataDir).find((f) => f.startsWith('user.db.corrupt-'))!;
    expect(fs.readFileSync(path.join(server.dataDir, aside)).equals(bytes)).toBe(true);

    await page.getByRole('button', { name: '进入程序' }).click();
    await page.getByRole('link', { name: '管理登录' }).click();
    await page.getByLabel('工号').fill('HR01');
    await page.getByLabel('密码').fill('Secure-pass-1');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('.current-user')).toContainText('人事管理员');
  } finally {
    await again.stop();
  }
});
