import { test, expect, shot } from './fixtures/test';
import { StudyPage } from './models/StudyPage';

test('the study home lists the chapters in Chinese, opens one, and switches to English', async ({ page, server }) => {
  const study = new StudyPage(page);
  await study.open(server.url);

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('课程学习');
  await expect(study.chapterCards).toHaveCount(8);
  await expect(study.chapterCards.first()).toContainText('第 1 章');
  await expect(study.chapterCards.first()).toContainText('客户服务中心与10000号');
  await expect(page).not.toHaveURL(/token=/);
  await page.screenshot({ path: shot('study-home-zh'), fullPage: true });

  await study.openChapter('投诉处理技巧');
  await expect(study.chapterTitle).toHaveText('投诉处理技巧');
  await expect(study.toc.getByRole('link', { name: /MOT/ })).toBeVisible();
  await expect(page.locator('[data-section="mot-steps"] h2')).toBeVisible();
  await page.screenshot({ path: shot('chapter-complaints-zh') });

  await study.toc.getByRole('link', { name: /MOT/ }).click();
  await expect(page).toHaveURL(/#\/chapter\/complaints\/mot-steps$/);
  await expect(page.locator('#s-mot-steps')).toBeInViewport();

  await study.languageSwitch.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(study.toc.getByRole('heading', { name: 'Contents' })).toBeVisible();
  await page.getByRole('link', { name: /Back to chapters/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course');
  await expect(study.chapterCards.first()).toContainText('Chapter 1');
  await page.screenshot({ path: shot('study-home-en'), fullPage: true });

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course');
});
