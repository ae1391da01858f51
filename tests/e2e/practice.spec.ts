import { test, expect, shot } from './fixtures/test';
import { PracticePage, readKeys } from './models/PracticePage';
import { ProfilePage } from './models/ProfilePage';
import { StudyPage } from './models/StudyPage';

test('practice needs a learner profile: the page points to #/profiles', async ({ page, server }) => {
  await page.goto(`${server.url}#/practice`);
  await expect(page.getByText('练习记录按学员档案保存')).toBeVisible();
  await page.getByRole('link', { name: '前往学员档案' }).click();
  await expect(page).toHaveURL(/#\/profiles$/);
});

test('a learner practises a section with one right and one wrong answer and finds the wrong one in 错题本', async ({ page, server }) => {
  const keys = readKeys(server.dataDir);
  const study = new StudyPage(page);
  const practice = new PracticePage(page);
  await study.open(server.url);
  await new ProfilePage(page).createProfile('E2001', '李娜', '城西营业厅');

  // From the chapter reader: 练习本节 on a ## section.
  await study.openChapter('投诉处理技巧');
  const section = page.locator('section[data-section="mot-steps"]');
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('reader-practice-link') });
  await section.getByRole('link', { name: /练习本节/ }).click();
  await expect(page).toHaveURL(/#\/practice\/complaints\/mot-steps$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('投诉处理技巧');
  await expect(page.getByText(/第 1 \/ \d+ 题/)).toBeVisible();

  // First question: answered right.
  const firstId = await practice.currentQuestionId();
  const first = keys.get(firstId)!;
  expect(first.stem).toBeTruthy();
  await page.screenshot({ path: shot('practice-question') });
  await practice.answer(first, true);
  if (first.type !== 'essay') await expect(practice.feedback.locator('.verdict')).toHaveText(/回答正确/);
  await expect(practice.feedback.getByText('解析：')).toBeVisible();
  const source = practice.feedback.locator('.source a');
  await expect(source).toHaveAttribute('href', `#/chapter/complaints/${first.sectionId}`);
  await page.screenshot({ path: shot('practice-feedback-right') });
  await practice.next();

  // Second question: answered wrong — the key and the explanation are shown.
  const secondId = await practice.currentQuestionId();
  const second = keys.get(secondId)!;
  await practice.answer(second, false);
  if (second.type !== 'essay') {
    await expect(practice.feedback.locator('.verdict')).toHaveText(/回答错误/);
    await expect(practice.feedback.getByText('正确答案：')).toBeVisible();
  }
  await expect(practice.feedback.getByText(/已加入错题本/)).toBeVisible();
  await page.screenshot({ path: shot('practice-feedback-wrong') });

  // The source link opens the section in the reader.
  await practice.feedback.locator('.source a').click();
  await expect(page).toHaveURL(new RegExp(`#/chapter/complaints/${second.sectionId}$`));
  await expect(page.locator(`#s-${second.sectionId}`)).toBeInViewport();

  // 练习 home: stats per chapter, then 错题本.
  await practice.openHome();
  const complaints = page.locator('.practice-chapter[data-chapter="complaints"]');
  await expect(complaints).toContainText('已练 2/');
  await expect(complaints).toContainText('错题 1');
  await expect(page.locator('[data-shortcut="wrong-book"]')).toContainText('1 道待订正');
  await page.screenshot({ path: shot('practice-home') });

  await page.locator('[data-shortcut="wrong-book"]').click();
  await expect(page.locator('#wrong-heading')).toHaveText('错题本');
  const group = page.locator('.wrong-chapter[data-chapter="complaints"]');
  await expect(group).toContainText('投诉处理技巧');
  await expect(group.locator(`[data-question="${secondId}"]`)).toContainText(second.stem.slice(0, 12));
  await expect(group.locator(`[data-question="${firstId}"]`)).toHaveCount(0);
  await page.screenshot({ path: shot('wrong-book'), fullPage: true });

  // Redo until right: the book empties for that chapter.
  await group.getByRole('link', { name: '重做本章错题' }).click();
  expect(await practice.currentQuestionId()).toBe(secondId);
  await practice.answer(second, true);
  await expect(practice.feedback.getByText('已从错题本移出')).toBeVisible();
  await practice.next();
  await expect(page.getByText('本组 1 题，答对 1 题。')).toBeVisible();
  await page.getByRole('link', { name: '错题本', exact: true }).click();
  await expect(page.locator('.wrong-chapter[data-chapter="complaints"]')).toContainText('本章错题已全部订正');
});

test('a mock exam: timer, answer sheet, submit with the unanswered summary, result and review', async ({ page, server }) => {
  const study = new StudyPage(page);
  const practice = new PracticePage(page);
  await study.open(server.url);
  await new ProfilePage(page).createProfile('E2002', '王强', '城北营业厅');
  await practice.openHome();
  await page.locator('[data-shortcut="mock"]').click();
  await page.getByRole('button', { name: '开始模拟考试' }).click();
  await expect(page).toHaveURL(/#\/mock\/\d+$/);
  await expect(page.getByRole('timer')).toContainText(/59:\d\d|60:00/);
  const sheet = page.getByRole('navigation', { name: '答题卡' });
  await expect(sheet.getByRole('button')).toHaveCount(80);

  // Answer question 1 (single choice) and question 2, then jump to 5 from the answer sheet.
  await page.locator('article.question-card label.answer-option').first().click();
  await expect(page.locator('.save-state')).toHaveText(/已保存/);
  await page.getByRole('button', { name: '下一题' }).click();
  await page.locator('article.question-card label.answer-option').nth(1).click();
  await expect(page.locator('.save-state')).toHaveText(/已保存/);
  await sheet.getByRole('button', { name: /^第 5 题/ }).click();
  await expect(page.locator('article.question-card')).toHaveAttribute('data-no', '5');
  await expect(sheet.getByRole('button', { name: '第 1 题 已答' })).toBeVisible();
  await expect(page.getByText('已答 2 / 80')).toBeVisible();
  await page.screenshot({ path: shot('mock-exam') });

  // Reloading keeps the saved answers (the server holds them).
  await page.reload();
  await expect(page.getByText('已答 2 / 80')).toBeVisible();

  await page.getByRole('button', { name: '交卷' }).click();
  const dialog = page.getByRole('dialog', { name: '确认交卷' });
  await expect(dialog).toContainText('还有 78 题未作答：3、4、5');
  await page.screenshot({ path: shot('mock-submit-confirm') });
  await dialog.getByRole('button', { name: '确定交卷' }).click();

  await expect(page.locator('#mock-result-heading')).toHaveText('模拟考试成绩');
  await expect(page.getByTestId('mock-score')).toHaveText(/^\d+(\.\d+)?$/);
  await expect(page.getByText('未通过', { exact: true })).toBeVisible();
  await expect(page.locator('.review-item')).toHaveCount(80);
  await expect(page.locator('.review-item').nth(2)).toContainText('未作答');
  await expect(page.locator('.review-item').first()).toContainText('解析：');
  await page.screenshot({ path: shot('mock-result'), fullPage: false });
  await page.locator('.review-item').first().screenshot({ path: shot('mock-review-item') });
  await page.getByLabel('只看答错和未答的题').check();
  expect(await page.locator('.review-item').count()).toBeGreaterThanOrEqual(78);

  await page.getByRole('link', { name: '返回模拟考试' }).click();
  await expect(page.locator('.mock-history tr')).toHaveCount(1);
  await page.screenshot({ path: shot('mock-home') });
});
