import { test, expect } from './fixtures/test';
import { expectAccessible } from './fixtures/axe';
import { ProfilePage } from './models/ProfilePage';
import { StaffPage } from './models/StaffPage';

test('main screens have no serious or critical axe violations, in both languages', async ({ page, server }) => {
  await page.goto(server.url);
  await page.locator('.chapter-card').first().waitFor();
  await expectAccessible(page, 'study home');

  await page.locator('.chapter-card a').nth(4).click();
  await page.locator('#chapter-title').waitFor();
  await expectAccessible(page, 'chapter reader');

  await page.getByRole('link', { name: '管理登录' }).click();
  await page.locator('#staff-heading').waitFor();
  await expectAccessible(page, 'first-run admin setup');
  await new StaffPage(page).setupAdmin('HR01', '人事管理员', 'Secure-pass-1');
  await page.getByRole('link', { name: '系统管理' }).click();
  await page.locator('#admin-heading').waitFor();
  await expectAccessible(page, 'administration');
  await page.getByRole('link', { name: '管理登录' }).click();
  await page.getByRole('button', { name: '退出' }).click();

  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('a.user-chip').click();
  await page.locator('#profile-heading').waitFor();
  await expectAccessible(page, 'profiles (English)');
  await page.getByRole('button', { name: '中文' }).click();
  await new ProfilePage(page).createProfile('E2001', '李华', '城西营业厅');
  await page.locator('.chapter-card a').first().click();
  await page.locator('#chapter-title').waitFor();
  await expectAccessible(page, 'chapter reader with section tools');
});

test('a learner can find and open a chapter with the keyboard alone, with a visible focus', async ({ page, server }) => {
  await page.goto(server.url);
  await page.locator('.chapter-card').first().waitFor();
  let focusedChapter = false;
  for (let i = 0; i < 20 && !focusedChapter; i++) {
    await page.keyboard.press('Tab');
    focusedChapter = await page.evaluate(() => document.activeElement?.closest('.chapter-card') !== null);
  }
  expect(focusedChapter).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.locator('#chapter-title')).toHaveText('客户服务中心与10000号');
});
