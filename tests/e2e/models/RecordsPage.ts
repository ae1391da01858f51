import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The score records screens (#/records, #/records/attempt/<uid>, #/records/person/<id>). */
export class RecordsPage {
  readonly table: Locator;
  readonly total: Locator;
  readonly stats: Locator;
  readonly exportResult: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('records-table');
    this.total = page.getByTestId('records-total');
    this.stats = page.getByTestId('stats-panel');
    this.exportResult = page.getByTestId('export-result');
  }

  async open() {
    await this.page.getByRole('navigation').getByRole('link', { name: '成绩记录' }).click();
    await this.page.locator('#records-heading').waitFor();
    await this.total.waitFor();
  }

  /** session: the session code. */
  async filter(o: { session?: string; branch?: string; person?: string; result?: '合格' | '不合格' }) {
    const form = this.page.getByRole('search');
    if (o.session) await form.getByLabel('考试场次').selectOption(o.session);
    if (o.branch) await form.getByLabel('网点').selectOption(o.branch);
    if (o.person) await form.getByLabel('人员').fill(o.person);
    if (o.result) await form.getByLabel('结果').selectOption({ label: o.result });
    await form.getByRole('button', { name: '查询' }).click();
  }

  row(employeeId: string): Locator {
    return this.table.locator(`tr[data-employee="${employeeId}"]`);
  }

  async openAttempt(employeeId: string) {
    await this.row(employeeId).getByRole('link', { name: /^详情/ }).click();
    await this.page.locator('#detail-heading').waitFor();
  }

  /** Clicks an export button and returns the file it saves. */
  async download(button: string): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: button }).click()]);
    await expect(this.exportResult).toContainText('已保存');
    return download;
  }

  /** Whether a chart's canvas has anything drawn on it. */
  async chartDrawn(testId: string): Promise<boolean> {
    return this.page.getByTestId(testId).evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      if (!canvas.width || !canvas.height) return false;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted > 500;
    });
  }
}
