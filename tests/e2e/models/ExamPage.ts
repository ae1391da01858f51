import { expect, type Locator, type Page } from '@playwright/test';

/** The exam PC (#/exam) as a candidate sees it. */
export class ExamPage {
  readonly question: Locator;
  readonly saveState: Locator;
  readonly answered: Locator;
  readonly timer: Locator;
  readonly navigator: Locator;

  constructor(readonly page: Page) {
    this.question = page.locator('article.question-card');
    this.saveState = page.getByTestId('save-state');
    this.answered = page.getByTestId('answered-count');
    this.timer = page.getByTestId('exam-timer');
    this.navigator = page.getByRole('navigation', { name: /答题卡|Answer sheet/ });
  }

  /** Opens the exam screen from the bridge URL (which carries the per-run token). */
  async open(url: string) {
    await this.page.goto(`${url}#/exam`);
    await this.page.locator('#exam-signin-heading').waitFor();
  }

  async signIn(employeeId: string, code: string) {
    await this.page.getByLabel('工号').fill(employeeId);
    await this.page.getByLabel('场次代码').fill(code);
    await this.page.getByRole('button', { name: '登录' }).click();
  }

  async confirmIdentityAndStart() {
    await this.page.getByRole('button', { name: '是我本人' }).click();
    await this.page.getByLabel('我已阅读并遵守以上考试须知').check();
    await this.page.getByRole('button', { name: '开始答题' }).click();
    await this.question.waitFor();
  }

  async currentNo(): Promise<number> {
    return Number(await this.question.getAttribute('data-no'));
  }

  async goTo(no: number) {
    await this.navigator.getByRole('button', { name: new RegExp(`^第 ${no} 题 `) }).click();
    await expect(this.question).toHaveAttribute('data-no', String(no));
  }

  /** Answers the question on screen (the first option, 对, or some text) and waits for 已保存. */
  async answerCurrent(text = '先安抚客户情绪，再核实问题，给出解决方案并跟进回访。'): Promise<string> {
    const radios = this.question.locator('input[type=radio]');
    const boxes = this.question.locator('input[type=checkbox]');
    const field = this.question.locator('input[type=text], textarea');
    let given: string;
    if ((await boxes.count()) > 0) {
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      given = 'AB';
    } else if ((await radios.count()) > 0) {
      await radios.first().check();
      given = 'A';
    } else {
      await field.fill(text);
      given = text;
    }
    await expect(this.saveState).toHaveText('✓ 已保存');
    return given;
  }

  async flagCurrent() {
    await this.question.getByRole('button', { name: /标记本题/ }).click();
    await expect(this.saveState).toHaveText('✓ 已保存');
  }

  async next() {
    await this.question.getByRole('button', { name: '下一题' }).click();
  }

  /** 交卷 → the confirmation with the unanswered summary; returns that summary text. */
  async openSubmit(): Promise<string> {
    await this.page.locator('.exam-bar').getByRole('button', { name: '交卷' }).click();
    return (await this.page.getByTestId('unanswered-summary').textContent()) ?? '';
  }

  async confirmSubmit() {
    await this.page.getByRole('button', { name: '确认交卷' }).click();
    await this.page.locator('#exam-result-heading').waitFor();
  }

  async done() {
    await this.page.getByTestId('exam-done').click();
    await this.page.locator('#exam-signin-heading').waitFor();
  }
}
