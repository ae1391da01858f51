import path from 'node:path';
import { compileContent } from '../db/content/compile';
import { writeContentDb } from '../db/content/writeDb';
import type { Course } from '../db/content/model';
const k = Number(process.argv[2] ?? 100);
const { course } = compileContent(path.resolve('content'));
if (!course) throw new Error('x');
const c: Course = { ...course, chapters: [], questions: [] };
for (let i = 0; i < k; i++) {
  const sfx = i === 0 ? '' : `-x${i}`;
  for (const ch of course.chapters) c.chapters.push({ ...ch, id: ch.id + sfx, order: ch.order + i * 100 });
  for (const q of course.questions) c.questions.push({ ...q, id: q.id + sfx, chapterId: q.chapterId + sfx });
}
let t = performance.now();
writeContentDb(c, `/tmp/kbx/content-${k}.db`);
console.log(k, 'built', performance.now() - t, 'ms');
