import type { Locator, Page } from '@playwright/test';

/** The study home and chapter reader, as a person sees them. */
export class StudyPage {
  readonly chapterCards: Locator;
  readonly languageSwitch: Locator;
  readonly chapterTitle: Locator;
  readonly toc: Locator;

  constructor(readonly page: Page) {
    this.chapterCards = page.locator('.chapter-card');
    this.languageSwitch = page.locator('button.lang-switch');
    this.chapterTitle = page.locator('#chapter-title');
    this.toc = page.locator('nav.toc');
  }

  async open(url: string) {
    await this.page.goto(url);
    await this.chapterCards.first().waitFor();
  }

  async openChapter(title: string) {
    await this.chapterCards.filter({ hasText: title }).getByRole('link').click();
    await this.chapterTitle.waitFor();
  }
}
