import { test, expect, shot } from './fixtures/test';
import { startWebServer } from './fixtures/server';
import { PracticePage, readKeys } from './models/PracticePage';
import { ProfilePage } from './models/ProfilePage';
import { SearchBox } from './models/SearchBox';
import { StudyPage } from './models/StudyPage';

// Issue #5's flow end to end: profile → search → open a highlighted hit → bookmark → practise → 错题本 → restart.
test('a learner searches, studies, bookmarks and practises, and finds it all again after a restart', async ({ page, server }) => {
  const keys = readKeys(server.dataDir);
  const study = new StudyPage(page);
  const search = new SearchBox(page);
  const practice = new PracticePage(page);
  const profiles = new ProfilePage(page);
  await study.open(server.url);
  await profiles.createProfile('E5001', '陈晓', '城南营业厅');

  // Initials: `ts` spells 投诉.
  await search.type('ts');
  await expect(search.sectionGroup.getByRole('option').first().locator('mark').first()).toHaveText('投诉');
  await expect(search.questionGroup.getByRole('option').first().locator('mark').first()).toHaveText('投诉');

  // The word itself, then open the best section hit: the reader scrolls to it and highlights 投诉.
  await search.insert('投诉');
  const hit = search.sectionGroup.getByRole('option').first();
  await expect(hit.locator('mark').first()).toHaveText('投诉');
  await page.screenshot({ path: shot('flow-search') });
  await hit.click();
  await expect(page).toHaveURL(/#\/chapter\/complaints\/([a-z-]+)\?hl=/);
  const sectionId = /#\/chapter\/complaints\/([a-z-]+)\?/.exec(page.url())![1];
  const section = page.locator(`section[data-section="${sectionId}"]`);
  await expect(section).toBeInViewport();
  await expect(section).toHaveAttribute('data-search-hits', /^[1-9]\d*$/);
  expect(new Set(await search.highlightedText())).toEqual(new Set(['投诉']));
  await page.screenshot({ path: shot('flow-highlighted') });

  // Bookmark the section that was found, and read it through (its end scrolled into view).
  await section.getByRole('button', { name: /加书签/ }).click();
  await expect(section.getByRole('button', { name: /已加书签/ })).toHaveAttribute('aria-pressed', 'true');
  await page.locator(`[data-section-end="${sectionId}"]`).scrollIntoViewIfNeeded();
  const readMark = study.toc.locator(`li:has(a[href$="/${sectionId}"]) .read-mark`);
  await expect(readMark).toBeVisible();

  // Practise a section: one right answer, one wrong.
  const practised = page.locator('section[data-section="mot-steps"]');
  await practised.scrollIntoViewIfNeeded();
  await practised.getByRole('link', { name: /练习本节/ }).click();
  await expect(page).toHaveURL(/#\/practice\/complaints\/mot-steps$/);
  const rightId = await practice.currentQuestionId();
  await practice.answer(keys.get(rightId)!, true);
  await expect(practice.feedback.getByText('解析：')).toBeVisible();
  await practice.next();
  const wrongId = await practice.currentQuestionId();
  const wrong = keys.get(wrongId)!;
  await practice.answer(wrong, false);
  await expect(practice.feedback.getByText(/已加入错题本/)).toBeVisible();
  await page.screenshot({ path: shot('flow-practice-wrong') });

  // 错题本 holds the wrong one only.
  await practice.openHome();
  await page.locator('[data-shortcut="wrong-book"]').click();
  const group = page.locator('.wrong-chapter[data-chapter="complaints"]');
  await expect(group.locator(`[data-question="${wrongId}"]`)).toContainText(wrong.stem.slice(0, 12));
  await expect(group.locator(`[data-question="${rightId}"]`)).toHaveCount(0);

  // Restart the server on the same data folder: bookmark, read marks, progress and 错题本 are kept.
  await page.waitForTimeout(1000); // the reading position is saved shortly after scrolling settles
  await server.stop();
  const again = await startWebServer(server.dataDir);
  try {
    await study.open(again.url);
    await profiles.signIn('陈晓');
    await page.getByRole('navigation', { name: /主导航/ }).getByRole('link', { name: '学习', exact: true }).click();
    await expect(page.locator('.bookmark-list')).toContainText('投诉');
    await expect(page.locator('[data-chapter="complaints"] progress')).not.toHaveAttribute('value', '0');
    await page.screenshot({ path: shot('flow-after-restart') });
    await page.locator('.bookmark-list a').first().click();
    await expect(page).toHaveURL(new RegExp(`#/chapter/complaints/${sectionId}`));
    await expect(page.locator(`section[data-section="${sectionId}"]`).getByRole('button', { name: /已加书签/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(readMark).toBeVisible();

    await practice.openHome();
    await expect(page.locator('.practice-chapter[data-chapter="complaints"]')).toContainText('错题 1');
    await page.locator('[data-shortcut="wrong-book"]').click();
    await expect(page.locator(`.wrong-chapter[data-chapter="complaints"] [data-question="${wrongId}"]`)).toBeVisible();
  } finally {
    await again.stop();
  }
});
