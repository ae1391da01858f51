import { expect, type Locator, type Page } from '@playwright/test';

/** The proctor console (#/proctor …). */
export class ProctorPage {
  readonly roster: Locator;
  readonly audit: Locator;

  constructor(readonly page: Page) {
    this.roster = page.locator('table.roster');
    this.audit = page.getByTestId('audit-table');
  }

  async openHome() {
    await this.page.getByRole('navigation').getByRole('link', { name: '监考' }).click();
    await this.page.locator('#proctor-heading').waitFor();
  }

  async createSession(o: { title: string; room: string; minutes: number; passScore: number }) {
    await this.page.getByRole('button', { name: '新建考试场次' }).click();
    const form = this.page.locator('form.create-session');
    await form.getByLabel('名称').fill(o.title);
    await form.getByLabel('考场').fill(o.room);
    await form.getByLabel('考试时长（分钟）').fill(String(o.minutes));
    await form.getByLabel(/合格分数/).fill(String(o.passScore));
    await form.getByLabel('少选按比例得分（错选不得分）').check();
    await form.getByLabel(/允许考生回顾/).check();
    return form;
  }

  async submitCreate() {
    await this.page.locator('form.create-session').getByRole('button', { name: '创建' }).click();
    await this.page.locator('#session-heading').waitFor();
  }

  async sessionCode(): Promise<string> {
    return (await this.page.getByTestId('session-code').textContent())!.trim();
  }

  async importCsv(name: string, csv: string) {
    await this.page.getByTestId('roster-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await this.page.getByTestId('import-report').waitFor();
  }

  row(employeeId: string): Locator {
    return this.roster.locator(`tr[data-employee="${employeeId}"]`);
  }

  async openSession() {
    await this.page.getByRole('button', { name: '开考' }).click();
    await expect(this.page.getByTestId('session-status')).toHaveText('进行中');
  }

  /** A row action that asks for minutes (optional) and a reason. */
  async rowAction(employeeId: string, action: '延时' | '补时' | '收卷' | '重新开放', reason: string, minutes?: number) {
    await this.row(employeeId).getByRole('button', { name: action }).click();
    const dialog = this.page.getByRole('dialog');
    if (minutes !== undefined) await dialog.getByLabel('分钟').fill(String(minutes));
    await dialog.getByLabel(/原因/).fill(reason);
    return dialog;
  }

  async confirmDialog(button: string) {
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: button }).click();
    await expect(dialog).toBeHidden();
  }

  async openAttempt(employeeId: string) {
    await this.row(employeeId).getByRole('link', { name: /阅卷|详情/ }).click();
    await this.page.locator('#attempt-heading').waitFor();
  }
}
