/** npm run kb:pack -- [--src content] [--title T] --out file.kbpack — writes a content pack from a content folder. */
import fs from 'node:fs';
import path from 'node:path';
import { createPack } from '../services/contentPackFormat';
import { option } from '../bridge/entry';

const argv = process.argv.slice(2);
const out = option(argv, 'out');
if (!out) {
  console.error('用法 / usage: npm run kb:pack -- --out <file.kbpack> [--src content] [--title 标题]');
  process.exit(2);
}
const pack = createPack(path.resolve(option(argv, 'src') ?? 'content'), option(argv, 'title') ?? '课程内容包');
fs.writeFileSync(out, JSON.stringify(pack));
console.log(`内容包已写入 / pack written: ${out} (${pack.manifest.files.length} files)`);
