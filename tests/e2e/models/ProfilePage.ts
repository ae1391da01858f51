import type { Page } from '@playwright/test';

/** The learner profile picker (#/profiles). */
export class ProfilePage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.locator('a.user-chip').click();
    await this.page.locator('#profile-heading').waitFor();
  }

  /** Creates a learner profile from the form and waits until it is signed in. */
  async createProfile(employeeId: string, name: string, branch: string, pin?: string) {
    await this.open();
    const form = this.page.locator('form', { has: this.page.locator('#create-profile') });
    await form.getByLabel(/工号|Employee id/).fill(employeeId);
    await form.getByLabel(/姓名|Name/).fill(name);
    await form.getByLabel(/所属网点|Branch/).fill(branch);
    if (pin) await form.getByLabel(/PIN/).fill(pin);
    await form.getByRole('button').click();
    await this.page.locator('a.user-chip', { hasText: name }).waitFor();
  }

  /** Picks an existing profile, typing its PIN when asked. */
  async signIn(name: string, pin?: string) {
    await this.open();
    await this.page.locator('.profile-button', { hasText: name }).click();
    if (pin) {
      await this.page.locator('.pin-form input').fill(pin);
      await this.page.locator('.pin-form button[type=submit]').click();
    }
    await this.page.locator('a.user-chip', { hasText: name }).waitFor();
  }
}
