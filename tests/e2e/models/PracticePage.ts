import path from 'node:path';
import Database from 'better-sqlite3';
import type { Locator, Page } from '@playwright/test';

/** A question's key as the bank holds it (practice shows options in the bank's order). */
export interface BankKey {
  id: string;
  type: 'single' | 'multiple' | 'truefalse' | 'fill' | 'scenario' | 'essay';
  options: string[];
  answer: (string | boolean)[];
  sectionId: string;
  stem: string;
}

/** Reads keys from the server's content.db: the test plays a learner who knows (or misses) the answer. */
export function readKeys(dataDir: string): Map<string, BankKey> {
  const db = new Database(path.join(dataDir, 'content.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, type, options, answer, section_id AS sectionId, stem FROM questions').all() as (Omit<BankKey, 'options' | 'answer'> & { options: string; answer: string })[];
    return new Map(rows.map((r) => [r.id, { ...r, options: JSON.parse(r.options) as string[], answer: JSON.parse(r.answer) as (string | boolean)[] }]));
  } finally {
    db.close();
  }
}

/** 练习, a practice session, 错题本 and 模拟考试, as a learner sees them. */
export class PracticePage {
  readonly question: Locator;
  readonly feedback: Locator;

  constructor(readonly page: Page) {
    this.question = page.locator('article.question-card');
    this.feedback = page.locator('.feedback');
  }

  async openHome() {
    await this.page.getByRole('navigation', { name: /主导航|Main/ }).getByRole('link', { name: /练习|Practice/ }).click();
    await this.page.locator('#practice-heading').waitFor();
  }

  async currentQuestionId(): Promise<string> {
    await this.question.waitFor();
    return (await this.question.getAttribute('data-question'))!;
  }

  /** Answers the question on screen right or wrong, and submits. */
  async answer(key: BankKey, right: boolean) {
    const q = this.question;
    const letters = 'ABCDEFGH'.slice(0, key.options.length).split('');
    const option = (letter: string) => q.locator('label.answer-option', { has: this.page.locator('.option-letter', { hasText: `${letter}.` }) });
    switch (key.type) {
      case 'single':
      case 'scenario':
        await option(right ? String(key.answer[0]) : letters.find((l) => l !== key.answer[0])!).click();
        break;
      case 'multiple':
        if (right) for (const l of key.answer) await option(String(l)).click();
        else await option(letters.find((l) => !key.answer.includes(l))!).click();
        break;
      case 'truefalse':
        await q.locator('label.answer-option', { hasText: (right ? key.answer[0] : !key.answer[0]) ? '对' : '错' }).click();
        break;
      case 'fill':
        await q.getByLabel('填写答案').fill(right ? String(key.answer[0]) : '不知道');
        break;
      case 'essay':
        await q.getByLabel('作答').fill('先安抚情绪，再解决问题。');
        await q.getByRole('button', { name: '查看参考答案' }).click();
        await q.getByRole('button', { name: right ? '我答出了要点' : '还没掌握' }).click();
        return;
    }
    await q.getByRole('button', { name: '提交答案' }).click();
    await this.feedback.waitFor();
  }

  async next() {
    await this.feedback.getByRole('button', { name: /下一题|查看本组结果/ }).click();
  }
}
