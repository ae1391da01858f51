import { test, expect, shot } from './fixtures/test';
import { SearchBox } from './models/SearchBox';
import { StudyPage } from './models/StudyPage';

test('search as you type: ts and 投诉 give grouped, highlighted results; opening one highlights it in the section', async ({ page, server }) => {
  const study = new StudyPage(page);
  const search = new SearchBox(page);
  await study.open(server.url);

  // Empty box: a hint, no results.
  await search.input.click();
  await expect(search.panel).toContainText('支持拼音和首字母');
  await expect(search.options).toHaveCount(0);

  // Initials, typed key by key: the first key already answers, "ts" leads to 投诉.
  await search.type('t');
  await expect(search.options.first()).toBeVisible();
  await search.type('ts');
  await expect(search.sectionGroup).toBeVisible();
  await expect(search.questionGroup).toBeVisible();
  await expect(search.sectionGroup.getByRole('option').first().locator('mark').first()).toHaveText('投诉');
  await expect(search.questionGroup.getByRole('option').first().locator('mark').first()).toHaveText('投诉');
  await page.screenshot({ path: shot('search-ts') });

  // Chinese as an IME commits it.
  await search.insert('投诉');
  await expect(search.sectionGroup.getByRole('option')).toHaveCount(8);
  await expect(search.questionGroup.getByRole('option')).toHaveCount(8);
  for (const mark of await search.panel.locator('mark').all()) await expect(mark).toHaveText(/^投诉$/);
  const firstTitle = (await search.sectionGroup.getByRole('option').first().locator('.search-hit-title').textContent())!;
  expect(firstTitle).toContain('投诉');
  await page.screenshot({ path: shot('search-tousu') });

  // Keyboard: ↓ ↓ ↑ selects the first, Enter opens it.
  await search.input.press('ArrowDown');
  await search.input.press('ArrowDown');
  await expect(search.options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await search.input.press('ArrowUp');
  await expect(search.options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(search.input).toHaveAttribute('aria-activedescendant', (await search.options.nth(0).getAttribute('id'))!);
  await search.input.press('Enter');
  await expect(page).toHaveURL(/#\/chapter\/complaints\/complaint-overview\?hl=/);
  await expect(search.panel).toBeHidden();
  const section = page.locator('#s-complaint-overview');
  await expect(section).toBeInViewport();
  await expect(section).toHaveAttribute('data-search-hits', /^[1-9]\d*$/);
  const marked = await search.highlightedText();
  expect(marked.length).toBeGreaterThan(0);
  expect(new Set(marked)).toEqual(new Set(['投诉']));
  await page.screenshot({ path: shot('search-opened-section') });

  // A hit deep inside a long chapter, opened with the mouse: scrolled to and highlighted.
  await search.insert('人际距离');
  const hit = search.sectionGroup.getByRole('option').first();
  await expect(hit).toContainText('人际距离');
  await hit.click();
  await expect(page).toHaveURL(/#\/chapter\/etiquette\/body-language\?hl=/);
  // The new section marks its hits after the route changes: wait for them rather than read the old page's.
  await expect.poll(() => search.highlightedText()).toContain('人际距离');
  const inView = await page.evaluate(() => {
    const r = [...CSS.highlights.get('search-hit-first')!][0] as Range;
    const box = r.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  expect(inView).toBe(true);
  await page.screenshot({ path: shot('search-opened-deep') });

  // Traditional input, a question-style query, and nothing found.
  await search.insert('禮儀');
  await expect(search.sectionGroup.getByRole('option').first().locator('mark').first()).toHaveText('礼仪');
  await search.insert('如何处理客户投诉');
  await expect(search.sectionGroup.getByRole('option').first()).toContainText('投诉');
  await page.screenshot({ path: shot('search-question-style') });
  await search.insert('窝火窝火');
  await expect(search.panel).toContainText('没有找到与“窝火窝火”相关的内容');
  await page.screenshot({ path: shot('search-no-results') });
  await search.input.press('Escape');
  await expect(search.panel).toBeHidden();

  // "/" focuses the box from anywhere but a text field.
  await page.locator('#chapter-title').click();
  await page.keyboard.press('/');
  await expect(search.input).toBeFocused();
});

test('the search box is in the header of every screen, in English too', async ({ page, server }) => {
  const study = new StudyPage(page);
  const search = new SearchBox(page);
  await study.open(server.url);
  for (const hash of ['#/study', '#/practice', '#/profiles', '#/chapter/stress']) {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await expect(search.input, hash).toBeVisible();
  }
  await study.languageSwitch.click();
  await search.type('yali');
  await expect(search.page.getByRole('group', { name: 'Course sections' })).toBeVisible();
  await expect(search.options.first().locator('mark').first()).toHaveText('压力');
  await page.screenshot({ path: shot('search-en') });
});
