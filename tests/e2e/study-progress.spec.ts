import { test, expect, shot } from './fixtures/test';
import { startWebServer } from './fixtures/server';
import { ProfilePage } from './models/ProfilePage';
import { StudyPage } from './models/StudyPage';

test('a learner studies with a profile: read marks, bookmark, note, text size, continue — kept across a restart', async ({ page, server }) => {
  const profiles = new ProfilePage(page);
  const study = new StudyPage(page);
  await study.open(server.url);
  await expect(page.locator('.hint-card')).toBeVisible();
  await profiles.createProfile('E1001', '张敏', '城东营业厅', '2468');
  await expect(page.locator('#study-heading')).toBeVisible();

  await study.openChapter('服务礼仪');
  const section = page.locator('section[data-section="appearance"]');
  await section.getByRole('button', { name: /加书签/ }).click();
  await expect(section.getByRole('button', { name: /已加书签/ })).toHaveAttribute('aria-pressed', 'true');
  await section.getByRole('button', { name: /笔记/ }).click();
  await section.getByLabel(/我的笔记/).fill('着装要整洁，工牌佩戴在左胸前');
  await section.getByRole('button', { name: '保存笔记' }).click();
  await expect(section.getByRole('status')).toHaveText(/已保存/);

  // Scroll through the chapter: every section whose end comes into view is marked read.
  await page.locator('[data-section-end="appearance"]').scrollIntoViewIfNeeded();
  await expect(study.toc.locator('li:has(a[href$="/appearance"]) .read-mark')).toBeVisible();

  // Keyboard: ] goes to the next section.
  await page.locator('#chapter-title').click();
  await page.keyboard.press(']');
  await expect(page).toHaveURL(/#\/chapter\/etiquette\/[a-z-]+$/);

  // Text size applies to the whole page.
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await size();
  await page.getByRole('button', { name: '增大字号' }).click();
  await page.getByRole('button', { name: '增大字号' }).click();
  expect(await size()).toBeGreaterThan(before);
  await page.screenshot({ path: shot('reader-tools-large-text') });
  await page.getByRole('button', { name: '减小字号' }).click();
  await page.getByRole('button', { name: '减小字号' }).click();

  await page.waitForTimeout(1200); // the continue position is saved 0.8 s after scrolling settles
  await page.getByRole('link', { name: /返回章节列表/ }).click();
  await expect(page.locator('.continue-card')).toContainText('服务礼仪');
  await expect(page.locator('.bookmark-list')).toContainText('服务礼仪');
  await expect(page.locator('[data-chapter="etiquette"] progress')).not.toHaveAttribute('value', '0');
  await page.screenshot({ path: shot('study-home-learner'), fullPage: true });

  // Restart the server on the same data: the learner signs in with the PIN and finds everything kept.
  await server.stop();
  const again = await startWebServer(server.dataDir);
  try {
    await study.open(again.url);
    await profiles.open();
    await page.locator('.profile-button', { hasText: '张敏' }).click();
    await page.locator('.pin-form input').fill('0000');
    await page.locator('.pin-form button[type=submit]').click();
    await expect(page.locator('.pin-form [role=alert], .pin-form .field-error')).toContainText('不正确');
    await page.locator('.pin-form input').fill('2468');
    await page.locator('.pin-form button[type=submit]').click();
    await expect(page.locator('a.user-chip', { hasText: '张敏' })).toBeVisible();
    await expect(page.locator('.continue-card')).toContainText('服务礼仪');
    await page.locator('.bookmark-list a').first().click();
    await expect(page.locator('section[data-section="appearance"] .note-preview')).toContainText('工牌');
  } finally {
    await again.stop();
  }
});

test('first run: the HR administrator is created, signs out, and a wrong password is explained', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByRole('link', { name: '管理登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('首次使用：创建人事管理员');
  await page.getByLabel('工号').fill('HR01');
  await page.getByLabel('姓名').fill('人事管理员');
  await page.getByLabel('密码').fill('short');
  await page.getByRole('button', { name: '创建管理员' }).click();
  await expect(page.getByLabel('密码')).toHaveJSProperty('validity.valid', false);
  await page.getByLabel('密码').fill('Secure-pass-1');
  await page.getByRole('button', { name: '创建管理员' }).click();
  await expect(page.locator('.current-user')).toContainText('人事管理员（管理员）');
  await page.screenshot({ path: shot('staff-signed-in') });
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('管理员与监考登录');
  await page.getByLabel('工号').fill('HR01');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('还可尝试 4 次');
  await page.screenshot({ path: shot('staff-wrong-password') });
});
