/** The XLSX template, and the whole question bank as XLSX or GIFT. */
import type { QuestionSource } from '../../db/content/model';
import type { BankExportFormat, BankFile } from '../shared/calls/bank';
import type { App } from './app';
import { contentMeta } from './app';
import { courseIndex } from './bankRows';
import { bankGift } from './bankGift';
import { XLSX_MIME, bankXlsx, templateXlsx } from './bankXlsx';
import { loadBank } from './questionBank';

// The template depends only on the course's chapters: built once per content version.
const templates = new Map<string, Promise<Buffer>>();

export async function bankTemplate(app: App): Promise<BankFile> {
  const version = contentMeta(app.content).version;
  let file = templates.get(version);
  if (!file) {
    file = templateXlsx(courseIndex(app.content));
    templates.set(version, file);
    file.catch(() => templates.delete(version));
  }
  return { fileName: '题库导入模板.xlsx', mimeType: XLSX_MIME, base64: (await file).toString('base64'), questions: 0 };
}

/** Questions in course order: chapter by chapter, then by id. */
export function bankInOrder(app: App): QuestionSource[] {
  const order = new Map(courseIndex(app.content).chapters.map((c, i) => [c.id, i]));
  return [...loadBank(app.content).questions].sort((a, b) => (order.get(a.chapterId) ?? 0) - (order.get(b.chapterId) ?? 0) || a.id.localeCompare(b.id));
}

export async function exportBank(app: App, format: BankExportFormat): Promise<BankFile> {
  const questions = bankInOrder(app);
  const stamp = new Date(app.now()).toISOString().slice(0, 10);
  if (format === 'xlsx') {
    const data = await bankXlsx(courseIndex(app.content), questions);
    return { fileName: `题库-${stamp}.xlsx`, mimeType: XLSX_MIME, base64: data.toString('base64'), questions: questions.length };
  }
  const text = bankGift(questions, `客服岗位技能认证 题库（课程版本 ${contentMeta(app.content).version}）`);
  return { fileName: `题库-${stamp}.gift.txt`, mimeType: 'text/plain;charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64'), questions: questions.length };
}
