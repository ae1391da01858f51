import type { Page } from '@playwright/test';

/** Staff sign-in (#/staff), including the first-run creation of the HR administrator. */
export class StaffPage {
  constructor(readonly page: Page) {}

  async setupAdmin(employeeId: string, name: string, password: string) {
    await this.page.getByRole('link', { name: /管理登录|Staff sign-in/ }).click();
    await this.page.getByLabel(/工号|Employee id/).fill(employeeId);
    await this.page.getByLabel(/姓名|Name/).fill(name);
    await this.page.getByLabel(/密码|Password/).fill(password);
    await this.page.getByRole('button', { name: /创建管理员|Create administrator/ }).click();
    await this.page.locator('.current-user').waitFor();
  }

  async signIn(employeeId: string, password: string) {
    await this.page.getByRole('link', { name: /管理登录|Staff sign-in/ }).click();
    await this.page.getByLabel(/工号|Employee id/).fill(employeeId);
    await this.page.getByLabel(/密码|Password/).fill(password);
    await this.page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await this.page.locator('.current-user').waitFor();
  }
}
