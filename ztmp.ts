import fs from 'node:fs';
import { compileContent, formatIssues } from './db/content/compile';
const dir = '/tmp/ct';
fs.cpSync('content', dir, { recursive: true });
let ch = fs.readFileSync(dir + '/chapters/02-role.md', 'utf8').replace(/^summary:.*\n/m, '');
fs.writeFileSync(dir + '/chapters/02-role.md', ch);
let q = fs.readFileSync(dir + '/questions/stress.yaml', 'utf8').replace(/  key_points:\n(    - .*\n      score.*\n)+/, '');
fs.writeFileSync(dir + '/questions/stress.yaml', q);
console.log(formatIssues(compileContent(dir).issues));
