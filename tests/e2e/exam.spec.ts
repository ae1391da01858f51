import Database from 'better-sqlite3';
import path from 'node:path';
import { test, expect, shot } from './fixtures/test';
import { startWebServer, type WebServer } from './fixtures/server';
import { ExamPage } from './models/ExamPage';
import { ProctorPage } from './models/ProctorPage';
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

/** The 简答 items of a candidate's delivered paper, read from the attempt snapshot (as only the server can). */
function essayNumbers(dataDir: string, employeeId: string): number[] {
  const db = new Database(path.join(dataDir, 'user.db'), { readonly: true });
  try {
    const paper = db
      .prepare('SELECT a.paper FROM exam_attempts a JOIN exam_candidates c ON c.id = a.candidate_id WHERE c.employee_id = ?')
      .pluck()
      .get(employeeId) as string;
    return (JSON.parse(paper) as { items: { no: number; type: string }[] }).items.filter((i) => i.type === 'essay').map((i) => i.no);
  } finally {
    db.close();
  }
}

test('a proctored exam: roster, answers across a server crash, time-out, grading, extension and reopening, all audited', async ({ page, browser, server }) => {
  test.setTimeout(240_000);
  let current: WebServer = server;
  const restarted: WebServer[] = [];
  try {
    // Accounts: the HR administrator (first-run setup) creates a proctor.
    const admin = await api<{ session: string }>(server, 'auth.setupAdmin', { employeeId: 'HR01', name: '人事周', password: 'admin-pass-1' });
    await api(server, 'accounts.create', { employeeId: 'P001', name: '王监考', branch: '', role: 'proctor', password: 'proctor-pass-1' }, admin.session);

    // ---- proctor: sign in, create the session, import the roster (one bad row), open it
    const proctor = new ProctorPage(page);
    await page.goto(server.url);
    await new StaffPage(page).signIn('P001', 'proctor-pass-1');
    await proctor.openHome();
    await page.screenshot({ path: shot('exam-proctor-home') });
    await proctor.createSession({ title: '2025年6月客服代表岗位认证', room: '三楼培训室', minutes: 1, passScore: 60 });
    await page.screenshot({ path: shot('exam-proctor-create') });
    await proctor.submitCreate();
    const code = await proctor.sessionCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    await proctor.importCsv('名单.csv', '\uFEFF工号,姓名,网点\nE1001,张敏,城东营业厅\nE1002,李强,城西营业厅\n,缺工号,城南营业厅\n');
    await expect(page.getByTestId('import-report')).toContainText('已导入 2 人');
    await expect(page.getByTestId('import-report')).toContainText('第 4 行：缺少工号');
    await expect(proctor.roster.locator('tbody tr')).toHaveCount(2);
    await proctor.openSession();
    await page.screenshot({ path: shot('exam-proctor-session-open'), fullPage: true });

    // ---- candidate 1 at the exam PC
    // The exam PC: its own browser context (own window), so both screens stay visible and rendered.
    const examContext = await browser.newContext();
    const examTab = await examContext.newPage();
    const exam = new ExamPage(examTab);
    await exam.open(current.url);
    await examTab.screenshot({ path: shot('exam-signin') });
    await exam.signIn('E1001', code.toLowerCase());
    await expect(examTab.getByTestId('identity-name')).toHaveText('张敏');
    await examTab.screenshot({ path: shot('exam-identity') });
    await examTab.getByRole('button', { name: '是我本人' }).click();
    await expect(examTab.locator('#instructions-heading')).toBeVisible();
    await examTab.screenshot({ path: shot('exam-instructions') });
    await examTab.getByLabel('我已阅读并遵守以上考试须知').check();
    await examTab.getByRole('button', { name: '开始答题' }).click();
    await exam.question.waitFor();

    // The session allows 1 minute: the proctor gives candidate 1 ten more (a reason is required).
    await expect(proctor.row('E1001').getByTestId('attempt-state')).toHaveText('作答中');
    const extend = await proctor.rowAction('E1001', '延时', '', 10);
    await extend.getByRole('button', { name: '延时' }).click();
    await expect(extend).toBeVisible(); // an empty reason is not accepted
    await extend.getByLabel(/原因/).fill('考前设备调试，延后开始');
    await proctor.confirmDialog('延时');
    await expect(exam.timer).toHaveText(/^1[01]:\d\d$/, { timeout: 20_000 });

    // Answer questions 1–5, flag 3, and check 已保存 after each.
    const given = new Map<number, string>();
    for (let no = 1; no <= 5; no++) {
      given.set(no, await exam.answerCurrent());
      if (no === 3) await exam.flagCurrent();
      await exam.next();
    }
    await expect(exam.answered).toHaveText('已答 5 / 72');
    await exam.goTo(3);
    await expect(exam.navigator.getByRole('button', { name: '第 3 题 已答，已标记' })).toBeVisible();
    await examTab.screenshot({ path: shot('exam-question') });

    // Leaving the window once: another window takes the focus.
    const other = await examContext.newPage();
    await other.bringToFront();
    const warning = examTab.getByTestId('focus-warning');
    // Headless Chromium does not always blur a background tab: then the event the window would get is sent.
    await warning.waitFor({ timeout: 2_000 }).catch(() => examTab.evaluate(() => window.dispatchEvent(new Event('blur'))));
    await other.close();
    await examTab.bringToFront();
    await expect(warning).toContainText('第 1 次');
    await examTab.screenshot({ path: shot('exam-focus-warning') });
    await expect(proctor.row('E1001').getByTestId('focus-losses')).toHaveText('1', { timeout: 15_000 });

    // ---- the server is killed (power cut) and started again on the same data folder
    await current.stop('SIGKILL');
    current = await startWebServer(server.dataDir);
    restarted.push(current);

    await exam.open(current.url);
    await exam.signIn('E1001', code);
    await exam.question.waitFor();
    await expect(examTab.getByText('已恢复你的作答，之前保存的答案都在。')).toBeVisible();
    await expect(exam.answered).toHaveText('已答 5 / 72');
    for (const no of [1, 2, 4, 5]) {
      await exam.goTo(no);
      await expect(exam.question.locator('input:checked').first()).toBeVisible();
    }
    await exam.goTo(3);
    await expect(exam.question.getByRole('button', { name: /取消标记/ })).toBeVisible();
    await examTab.screenshot({ path: shot('exam-resumed') });

    // One 简答 answered for the proctor to grade, then submit with the summary of unanswered items.
    const essays = essayNumbers(current.dataDir, 'E1001');
    await exam.goTo(essays[0]);
    await exam.answerCurrent('先安抚客户情绪，表示理解；再复述确认问题，提出解决方案；最后总结回顾并跟进。');
    const summary = await exam.openSubmit();
    expect(summary).toContain('还有 66 题未作答');
    expect(summary).toContain('第 6、7、8');
    await examTab.screenshot({ path: shot('exam-submit-confirm') });
    await exam.confirmSubmit();
    await expect(examTab.getByTestId('submit-kind')).toContainText('已交卷');
    await expect(examTab.locator('.score-card .badge')).toHaveText('待阅卷');
    await expect(examTab.getByTestId('fingerprint')).toHaveText(/^[0-9a-f]{16}$/);
    await examTab.screenshot({ path: shot('exam-result-submitted') });
    await exam.done();
    await expect(examTab.getByText('请下一位考生登录')).toBeVisible();

    // ---- candidate 2 on the same PC runs out of time (1 minute) and is submitted automatically
    await exam.signIn('E1002', code);
    await exam.confirmIdentityAndStart();
    await expect(examTab.getByTestId('time-warning')).toContainText('不足 1 分钟');
    await exam.answerCurrent();
    await examTab.screenshot({ path: shot('exam-time-warning') });

    // Meanwhile the proctor (signed in again after the restart) grades candidate 1's 简答.
    await page.goto(current.url);
    await new StaffPage(page).signIn('P001', 'proctor-pass-1');
    await proctor.openHome();
    await page.getByRole('link', { name: '2025年6月客服代表岗位认证' }).click();
    await expect(proctor.row('E1001').getByTestId('attempt-state')).toHaveText('待阅卷（交卷）');
    await proctor.openAttempt('E1001');
    const grader = page.locator(`article.essay-grader[data-no="${essays[0]}"]`);
    await expect(grader.getByTestId('essay-answer')).toContainText('先安抚客户情绪');
    await expect(grader.locator('.essay-reference')).not.toBeEmpty();
    const awards = grader.locator('.key-point input');
    const points = await awards.count();
    expect(points).toBeGreaterThan(1);
    for (let i = 0; i < points; i++) await awards.nth(i).fill(i === 0 ? (await awards.nth(i).getAttribute('max'))! : '1');
    await grader.getByLabel('评语（选填）').fill('要点基本齐全');
    await page.locator('#attempt-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('exam-proctor-attempt') });
    await grader.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('exam-proctor-grading') });
    await grader.getByRole('button', { name: '保存评分' }).click();
    await expect(grader.locator('.saved')).toBeVisible();
    // The other essay was not answered: nothing is left to grade, the attempt is final.
    await expect(page.getByTestId('detail-state')).toHaveText('已评定（交卷）');
    await expect(page.getByTestId('focus-events')).toContainText('窗口');

    // Candidate 2's clock reaches zero: the server submits the attempt (自动交卷).
    await expect(examTab.locator('#exam-result-heading')).toBeVisible({ timeout: 90_000 });
    await expect(examTab.getByTestId('submit-kind')).toContainText('自动交卷');
    await examTab.screenshot({ path: shot('exam-result-auto') });

    // The proctor reopens candidate 2 with a reason, then collects the paper again.
    await page.getByRole('link', { name: '2025年6月客服代表岗位认证' }).click();
    await expect(proctor.row('E1002').getByTestId('attempt-state')).toHaveText('已评定（自动交卷）');
    await proctor.rowAction('E1002', '重新开放', '考生反映系统时钟异常，复核后重新开放', 5);
    await proctor.confirmDialog('重新开放');
    await expect(proctor.row('E1002').getByTestId('attempt-state')).toHaveText('作答中');
    await proctor.rowAction('E1002', '收卷', '复核完毕，收卷');
    await proctor.confirmDialog('收卷');
    await expect(proctor.row('E1002').getByTestId('attempt-state')).toHaveText('已评定（监考收卷）');
    await expect(proctor.row('E1001').getByTestId('attempt-score')).not.toHaveText('—');

    // Results and the audit trail (who, what, why).
    for (const [action, text] of [
      ['exam.extend', '考前设备调试，延后开始'],
      ['exam.reopen', '考生反映系统时钟异常'],
      ['exam.force_submit', '复核完毕，收卷'],
      ['exam.grade_essay', '要点基本齐全'],
      ['exam.auto_submit', ''],
      ['exam.focus_loss', ''],
      ['exam.resume', ''],
      ['exam.session_open', ''],
    ] as const) {
      const row = proctor.audit.locator(`tr[data-action="${action}"]`).first();
      await expect(row, action).toBeVisible();
      if (text) await expect(row, action).toContainText(text);
    }
    await expect(proctor.audit.locator('tr[data-action="exam.extend"]')).toContainText('王监考');
    await page.screenshot({ path: shot('exam-proctor-results-audit'), fullPage: true });
  } finally {
    for (const s of restarted) await s.stop();
  }
});
