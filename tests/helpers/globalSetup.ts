import fs from 'node:fs';
import path from 'node:path';
import { createPack } from '../../electron/services/contentPackFormat';
import { builtinPackPath } from '../../electron/services/coursePack';
import { compileContent, formatIssues } from '../../db/content/compile';
import { writeContentDb } from '../../db/content/writeDb';
import { TEST_CONTENT_DB } from './paths';

/** Compiles content/ once per test run into a content.db that every test copies from. */
export default function setup(): void {
  const { course, issues } = compileContent(path.resolve('content'));
  if (!course) throw new Error(`content/ does not compile:\n${formatIssues(issues)}`);
  writeContentDb(course, TEST_CONTENT_DB);
  fs.writeFileSync(builtinPackPath(TEST_CONTENT_DB), JSON.stringify(createPack(path.resolve('content'), '内置课程')));
}
