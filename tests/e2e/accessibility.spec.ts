import { test, expect } from './fixtures/test';
import { expectAccessible } from './fixtures/axe';
import type { WebServer } from './fixtures/server';
import { ExamPage } from './models/ExamPage';
import { PracticePage, readKeys } from './models/PracticePage';
import { ProctorPage } from './models/ProctorPage';
import { ProfilePage } from './models/ProfilePage';
import { SearchBox } from './models/SearchBox';
import { StaffPage } from './models/StaffPage';

/** A call on the bridge's API, as the renderer makes it (used to set up accounts only). */
async function api<T>(server: WebServer, name: string, input: unknown, session?: string): Promise<T> {
  const url = new URL(server.url);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-KB-Token': url.searchParams.get('token')! };
  if (session) headers['X-KB-Session'] = session;
  const res = await fetch(`${url.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { code: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.code}`);
  return body.value;
}

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

test('practice, 错题本, review, mock exam and the search popup have no serious or critical axe violations', async ({ page, server }) => {
  test.setTimeout(240_000); // axe over the 80-question mock exam and its review takes a while
  const keys = readKeys(server.dataDir);
  const practice = new PracticePage(page);
  const search = new SearchBox(page);
  await page.goto(server.url);
  await page.locator('.chapter-card').first().waitFor();
  await new ProfilePage(page).createProfile('E3001', '周琳', '城东营业厅');

  await search.insert('投诉');
  await expect(search.sectionGroup.getByRole('option').first()).toBeVisible();
  await expectAccessible(page, 'search results popup');
  await search.input.press('Escape');

  await page.goto(`${server.url}#/practice/complaints/mot-steps`);
  const id = await practice.currentQuestionId();
  await expectAccessible(page, 'practice set');
  await practice.answer(keys.get(id)!, false);
  await expectAccessible(page, 'practice feedback');

  await page.goto(`${server.url}#/wrong-book`);
  await page.locator('#wrong-heading').waitFor();
  await expect(page.locator(`[data-question="${id}"]`)).toBeVisible();
  await expectAccessible(page, '错题本');

  await page.goto(`${server.url}#/review`);
  await page.locator('main h1').first().waitFor();
  await expectAccessible(page, 'review');

  await practice.openHome();
  await expectAccessible(page, 'practice home');
  await page.locator('[data-shortcut="mock"]').click();
  await page.getByRole('button', { name: '开始模拟考试' }).click();
  await page.locator('article.question-card label.answer-option').first().click();
  await expect(page.locator('.save-state')).toHaveText(/已保存/);
  await expectAccessible(page, 'mock exam');
  await page.getByRole('button', { name: '交卷' }).click();
  await expectAccessible(page, 'mock submit confirmation');
  await page.getByRole('dialog', { name: '确认交卷' }).getByRole('button', { name: '确定交卷' }).click();
  await page.locator('#mock-result-heading').waitFor();
  await expectAccessible(page, 'mock result and review');
});

test('the candidate exam screens and the proctor console have no serious or critical axe violations', async ({ page, browser, server }) => {
  test.setTimeout(150_000);
  const admin = await api<{ session: string }>(server, 'auth.setupAdmin', { employeeId: 'HR01', name: '人事周', password: 'admin-pass-1' });
  await api(server, 'accounts.create', { employeeId: 'P001', name: '王监考', branch: '', role: 'proctor', password: 'proctor-pass-1' }, admin.session);
  const proctor = new ProctorPage(page);
  await page.goto(server.url);
  await new StaffPage(page).signIn('P001', 'proctor-pass-1');
  await proctor.openHome();
  await proctor.createSession({ title: '无障碍检查场次', room: '一楼', minutes: 30, passScore: 60 });
  await expectAccessible(page, 'proctor: new session form');
  await proctor.submitCreate();
  const code = await proctor.sessionCode();
  await proctor.importCsv('名单.csv', '工号,姓名,网点\nE1001,张敏,城东营业厅\n');
  await proctor.openSession();
  await expectAccessible(page, 'proctor: session detail with roster');

  const examContext = await browser.newContext();
  const examTab = await examContext.newPage();
  const exam = new ExamPage(examTab);
  await exam.open(server.url);
  await expectAccessible(examTab, 'exam: sign-in');
  await exam.signIn('E1001', code);
  await examTab.getByRole('button', { name: '是我本人' }).click();
  await examTab.locator('#instructions-heading').waitFor();
  await expectAccessible(examTab, 'exam: instructions');
  await examTab.getByLabel('我已阅读并遵守以上考试须知').check();
  await examTab.getByRole('button', { name: '开始答题' }).click();
  await exam.question.waitFor();
  await exam.answerCurrent();
  await exam.flagCurrent();
  await expectAccessible(examTab, 'exam: question with navigator');
  await exam.openSubmit();
  await expectAccessible(examTab, 'exam: submit summary');
  await exam.confirmSubmit();
  await expectAccessible(examTab, 'exam: result');
  await examContext.close();

  await proctor.openHome();
  await expect(page.getByRole('link', { name: '无障碍检查场次' })).toBeVisible();
  await expectAccessible(page, 'proctor: session list');
  await page.getByRole('link', { name: '无障碍检查场次' }).click();
  await proctor.openAttempt('E1001');
  await page.locator('article.essay-grader').first().waitFor();
  await expectAccessible(page, 'proctor: attempt detail and grading');
});

/** Tabs through the screen: every element that takes the focus shows it (outline or ring). */
async function expectVisibleFocus(page: import('@playwright/test').Page, screen: string, presses = 12) {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return { what: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} ${el.textContent?.slice(0, 20) ?? ''}`, visible };
    });
    if (focus) expect.soft(focus.visible, `${screen}: focus not visible on ${focus.what}`).toBe(true);
  }
}

test('a practice question is answered with the keyboard alone, and the focus is visible on every screen tabbed through', async ({ page, server }) => {
  const practice = new PracticePage(page);
  await page.goto(server.url);
  await page.locator('.chapter-card').first().waitFor();
  await new ProfilePage(page).createProfile('E3002', '吴迪', '城北营业厅');
  await page.goto(`${server.url}#/practice/complaints/mot-steps`);
  await practice.question.waitFor();
  await expectVisibleFocus(page, 'practice set', 25);

  // Keyboard only: focus the first answer control, choose it, submit with Enter.
  const control = practice.question.locator('input, textarea').first();
  await control.focus();
  if ((await control.getAttribute('type')) === 'radio' || (await control.getAttribute('type')) === 'checkbox') await page.keyboard.press('Space');
  else await page.keyboard.type('不知道');
  const submit = practice.question.getByRole('button', { name: /提交答案|查看参考答案/ });
  for (let i = 0; i < 20 && !(await submit.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(submit).toBeFocused();
  await page.keyboard.press('Enter');
  // Machine-graded items show the feedback; a self-graded 简答 shows the reference and the 我答出了要点 button.
  await expect(practice.feedback.or(practice.question.getByRole('button', { name: '我答出了要点' })).first()).toBeVisible();

  await page.goto(`${server.url}#/practice`);
  await page.locator('#practice-heading').waitFor();
  await expectVisibleFocus(page, 'practice home', 20);
  await page.goto(`${server.url}#/wrong-book`);
  await page.locator('#wrong-heading').waitFor();
  await expectVisibleFocus(page, '错题本', 15);
  await page.goto(`${server.url}#/exam`);
  await page.locator('#exam-signin-heading').waitFor();
  await expectVisibleFocus(page, 'exam sign-in', 6);
  await page.goto(`${server.url}#/staff`);
  await page.locator('#staff-heading').waitFor();
  await expectVisibleFocus(page, 'staff sign-in', 15);
});
