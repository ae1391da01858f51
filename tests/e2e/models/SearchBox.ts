import type { Locator, Page } from '@playwright/test';

/** The search box in the app header and its drop-down of grouped results. */
export class SearchBox {
  readonly input: Locator;
  readonly panel: Locator;
  readonly options: Locator;
  readonly sectionGroup: Locator;
  readonly questionGroup: Locator;

  constructor(readonly page: Page) {
    this.input = page.getByRole('combobox', { name: /搜索课程和练习题|Search the course/ });
    this.panel = page.locator('.search-panel');
    this.options = page.getByRole('listbox').getByRole('option');
    this.sectionGroup = page.getByRole('group', { name: /章节内容|Course sections/ });
    this.questionGroup = page.getByRole('group', { name: /练习题|Practice questions/ });
  }

  /** Types like a person, one key at a time (results must follow every keystroke). */
  async type(text: string) {
    await this.input.click();
    await this.input.fill('');
    await this.input.pressSequentially(text, { delay: 40 });
  }

  /** Chinese arrives from an IME as committed text. */
  async insert(text: string) {
    await this.input.click();
    await this.input.fill('');
    await this.page.keyboard.insertText(text);
  }

  /** The highlighted words in the opened section (CSS Custom Highlight API). */
  highlightedText(): Promise<string[]> {
    return this.page.evaluate(() => {
      const h = CSS.highlights.get('search-hit');
      return h ? [...h].map((r) => (r as Range).toString()) : [];
    });
  }
}
