/**
 * npm run content:build  → compiles content/ into dist/content/content.db
 * npm run content:check  → validates only. Exit 1 with "file:line: reason" lines on bad content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileContent, formatIssues } from './compile';
import { writeContentDb } from './writeDb';
import { countCjk } from './model';
import { createPack } from '../../electron/services/contentPackFormat';
import { builtinPackPath } from '../../electron/services/coursePack';

export const BUNDLED_CONTENT_DB = path.resolve('dist/content/content.db');

const args = process.argv.slice(2);
const check = args.includes('--check');
const src = args[args.indexOf('--src') + 1] && args.includes('--src') ? args[args.indexOf('--src') + 1] : 'content';
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : BUNDLED_CONTENT_DB;

const { course, issues } = compileContent(path.resolve(src));
if (!course) {
  console.error(`内容校验失败 / content is invalid (${issues.length} problems):\n${formatIssues(issues)}`);
  process.exit(1);
}
const chars = course.chapters.reduce((n, c) => n + countCjk(c.intro) + c.sections.reduce((m, s) => m + countCjk(s.title + s.markdown), 0), 0);
const summary = `${course.chapters.length} chapters, ${chars} characters, ${course.questions.length} questions, ${course.blueprints.length} blueprints (version ${course.version})`;
if (check) {
  console.log(`content OK: ${summary}`);
} else {
  writeContentDb(course, out);
  // The course's source travels with content.db, so an administrator's question import can extend it.
  fs.writeFileSync(builtinPackPath(out), JSON.stringify(createPack(path.resolve(src), '内置课程')));
  console.log(`content.db written to ${path.relative(process.cwd(), out)}: ${summary}`);
}
