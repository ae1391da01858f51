import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compileContent } from '../../db/content/compile';
import type { ContentIssue } from '../../db/content/model';
import { writeContentDb } from '../../db/content/writeDb';
import { tempDir } from '../helpers/app';

/** A small course that compiles: two chapters, every question type, two blueprints. */
function goodTree(): Record<string, string> {
  const chapter = (id: string, order: number) => `---
id: ${id}
order: ${order}
title: 第${order}章
summary: 本章概述。
objectives:
  - 说出第一个要点
  - 说出第二个要点
  - 完成一次练习
sources: ["002"]
sections:
  basics: ["002"]
  practice: []
---

本章引言。

## 基础知识 {#basics}

正文第一段。

> 要点：先处理情绪，再处理事情。

### 案例：一次来电 {#basics-case}

**客户：** 你好。
**客服代表：** 您好，很高兴为您服务。

## 练习 {#practice}

练习正文。
`;
  const questions = (ch: string) => `- id: ${ch}-001
  type: single
  section: ${ch}#basics
  difficulty: 1
  stem: 单选题题干？
  options: [甲, 乙, 丙, 丁]
  answer: B
  explanation: 乙是对的，其他不对。
  source: "002"

- id: ${ch}-002
  type: multiple
  section: ${ch}#basics-case
  difficulty: 2
  stem: 多选题题干？
  options: [甲, 乙, 丙, 丁]
  answer: ACD
  explanation: 甲丙丁对，乙不对。
  source: "002"

- id: ${ch}-003
  type: truefalse
  section: ${ch}#practice
  difficulty: 1
  stem: 判断题题干。
  answer: true
  explanation: 因为如此。
  source: practice

- id: ${ch}-004
  type: fill
  section: ${ch}#practice
  difficulty: 2
  stem: 填空题 ____ 题干。
  answer: [答案, 另一种答案]
  explanation: 填“答案”。
  source: practice

- id: ${ch}-005
  type: scenario
  section: ${ch}#basics
  difficulty: 3
  stem: "客户说：“你们怎么回事？”"
  options: [道歉并询问, 挂断, 让客户再打来]
  answer: A
  explanation: 先道歉再了解情况，其他做法回避问题。
  source: "003"

- id: ${ch}-006
  type: essay
  section: ${ch}#basics
  difficulty: 3
  stem: 简述处理步骤。
  reference: 先安抚，再了解，后解决。
  key_points:
    - { point: 安抚, score: 2 }
    - { point: 解决, score: 3 }
  explanation: 要点齐全得满分。
  source: "003"
`;
  return {
    'chapters/01-alpha.md': chapter('alpha', 1),
    'chapters/02-beta.md': chapter('beta', 2),
    'questions/alpha.yaml': questions('alpha'),
    'questions/beta.yaml': questions('beta'),
    'blueprints/certification.yaml': `id: certification
kind: certification
title: 认证
time_limit_minutes: 90
pass_score: 6
draw:
  - { type: single, count: 2, points: 1, chapters: all, difficulty: { 1: 2 } }
  - { type: multiple, count: 2, points: 2, chapters: all }
  - { type: essay, count: 1, points: 5, chapters: [beta] }
`,
    'blueprints/practice-alpha.yaml': `id: practice-alpha
kind: practice
title: 练习
time_limit_minutes: 10
pass_score: 3
multiple_choice_scoring: partial
draw:
  - { type: truefalse, count: 1, points: 1, chapters: [alpha] }
  - { type: fill, count: 1, points: 1, chapters: [alpha] }
  - { type: scenario, count: 1, points: 2, chapters: [alpha] }
`,
  };
}

type Edit = (files: Record<string, string>) => void;

/** Writes the good tree with `edit` applied to a temp dir and compiles it. */
function compileTree(edit: Edit = () => {}) {
  const files = goodTree();
  edit(files);
  const dir = tempDir('content-');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return { dir, files, ...compileContent(dir) };
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  if (i < 0) throw new Error(`test setup: "${needle}" not found`);
  return i + 1;
}

function replace(files: Record<string, string>, file: string, from: string | RegExp, to: string) {
  const before = files[file];
  files[file] = before.replace(from, to);
  if (files[file] === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
}

/** Asserts the compiler rejected the tree with an issue at `file:line` whose reason matches. */
function expectRejected(edit: Edit, file: string, line: (files: Record<string, string>) => number, reason: RegExp) {
  const r = compileTree(edit);
  expect(r.course).toBeNull();
  // One mistake, one report: a broken file must not cascade into "chapter has no questions" and the like.
  expect(r.issues.filter((i) => !/^YAML: /.test(i.reason)).length, r.issues.map((i) => i.reason).join('\n')).toBeLessThanOrEqual(2);
  const where = (i: ContentIssue) => `${path.relative(r.dir, path.resolve(i.file))}:${i.line}: ${i.reason}`;
  const all = r.issues.map(where);
  const expected = `${file}:${line(r.files)}`;
  expect(
    r.issues.some((i) => where(i).startsWith(`${expected}: `) && reason.test(i.reason)),
    `expected an issue at ${expected} matching ${reason}, got:\n${all.join('\n')}`,
  ).toBe(true);
}

const qItem = (ch: string, n: string) => (f: Record<string, string>) => lineOf(f[`questions/${ch}.yaml`], `- id: ${ch}-${n}`);

describe('content compiler', () => {
  it('compiles a good minimal tree and writes a content.db whose counts match', () => {
    const { course, issues } = compileTree();
    expect(issues).toEqual([]);
    expect(course).not.toBeNull();
    expect(course!.chapters.map((c) => c.id)).toEqual(['alpha', 'beta']);
    expect(course!.questions).toHaveLength(12);
    expect(course!.blueprints.map((b) => b.id).sort()).toEqual(['certification', 'practice-alpha']);
    const single = course!.questions.find((q) => q.id === 'alpha-001')!;
    expect(single).toMatchObject({ type: 'single', chapterId: 'alpha', sectionId: 'basics', answer: ['B'], options: ['甲', '乙', '丙', '丁'] });
    expect(course!.questions.find((q) => q.id === 'alpha-006')!.keyPoints).toEqual([
      { point: '安抚', score: 2 },
      { point: '解决', score: 3 },
    ]);

    const out = path.join(tempDir('content-db-'), 'content.db');
    writeContentDb(course!, out);
    const db = new Database(out, { readonly: true });
    try {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM chapters')).toBe(2);
      expect(n('SELECT count(*) AS n FROM sections')).toBe(6);
      expect(n("SELECT count(*) AS n FROM sections WHERE level = 3 AND parent_id = 'basics'")).toBe(2);
      expect(n('SELECT count(*) AS n FROM questions')).toBe(12);
      expect(n("SELECT count(*) AS n FROM questions WHERE type = 'essay'")).toBe(2);
      expect(n('SELECT count(*) AS n FROM blueprints')).toBe(2);
      expect(n("SELECT count(*) AS n FROM search_docs WHERE kind = 'section'")).toBe(6);
      expect(n("SELECT count(*) AS n FROM search_docs WHERE kind = 'question'")).toBe(12);
      const multiple = db.prepare("SELECT answer FROM questions WHERE id = 'beta-002'").get() as { answer: string };
      expect(JSON.parse(multiple.answer)).toEqual(['A', 'C', 'D']);
      const spec = JSON.parse((db.prepare("SELECT spec FROM blueprints WHERE id = 'certification'").get() as { spec: string }).spec);
      expect(spec).toMatchObject({ timeLimitMinutes: 90, passScore: 6, draw: [{ type: 'single', count: 2, difficulty: { 1: 2 } }, {}, {}] });
      expect(spec).not.toHaveProperty('drawLines');
    } finally {
      db.close();
    }
  });

  it('rejects duplicate question ids across files', () => {
    expectRejected(
      (f) => replace(f, 'questions/beta.yaml', '- id: beta-003', '- id: alpha-003'),
      'questions/beta.yaml',
      (f) => lineOf(f['questions/beta.yaml'], '- id: alpha-003'),
      /duplicate question id "alpha-003" \(first defined at .*questions\/alpha\.yaml:\d+\)/,
    );
  });

  it('rejects duplicate heading ids', () => {
    expectRejected(
      (f) => replace(f, 'chapters/01-alpha.md', '## 练习 {#practice}', '## 练习 {#practice}\n\n### 重复 {#basics-case}'),
      'chapters/01-alpha.md',
      (f) => lineOf(f['chapters/01-alpha.md'], '### 重复 {#basics-case}'),
      /duplicate heading id "basics-case"/,
    );
  });

  it('rejects a question whose section does not exist', () => {
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', 'section: alpha#practice\n  difficulty: 1', 'section: alpha#nowhere\n  difficulty: 1'),
      'questions/alpha.yaml',
      qItem('alpha', '003'),
      /alpha-003: section "alpha#nowhere" does not exist/,
    );
  });

  it('rejects a single question with two answers', () => {
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', 'answer: B', 'answer: BC'),
      'questions/alpha.yaml',
      qItem('alpha', '001'),
      /alpha-001: a single question has exactly one answer, got "BC"/,
    );
  });

  it('rejects a multiple question whose key letter is not among the options', () => {
    expectRejected(
      (f) => replace(f, 'questions/beta.yaml', 'answer: ACD', 'answer: ACE'),
      'questions/beta.yaml',
      qItem('beta', '002'),
      /beta-002: answer E is not among the 4 options \(ABCD\)/,
    );
  });

  it('rejects a fill question without exactly one blank', () => {
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', '填空题 ____ 题干。', '填空题 ____ 题干 ____。'),
      'questions/alpha.yaml',
      qItem('alpha', '004'),
      /alpha-004: a fill question has exactly one blank/,
    );
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', '填空题 ____ 题干。', '填空题没有空。'),
      'questions/alpha.yaml',
      qItem('alpha', '004'),
      /alpha-004: a fill question has exactly one blank/,
    );
  });

  it('rejects an empty explanation', () => {
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', 'explanation: 因为如此。', 'explanation: "  "'),
      'questions/alpha.yaml',
      qItem('alpha', '003'),
      /alpha-003: explanation: must not be empty/,
    );
  });

  it('rejects an essay without key_points', () => {
    expectRejected(
      (f) => replace(f, 'questions/beta.yaml', / {2}key_points:\n( {4}- .*\n)+/, ''),
      'questions/beta.yaml',
      qItem('beta', '006'),
      /beta-006: key_points: /,
    );
  });

  it('rejects a heading without {#id}', () => {
    expectRejected(
      (f) => replace(f, 'chapters/02-beta.md', '### 案例：一次来电 {#basics-case}', '### 案例：一次来电'),
      'chapters/02-beta.md',
      (f) => lineOf(f['chapters/02-beta.md'], '### 案例：一次来电'),
      /heading needs a stable id/,
    );
  });

  it('rejects raw HTML, images and web links in a chapter', () => {
    expectRejected(
      (f) => replace(f, 'chapters/01-alpha.md', '练习正文。', '练习<br>正文。'),
      'chapters/01-alpha.md',
      (f) => lineOf(f['chapters/01-alpha.md'], '练习<br>正文。'),
      /raw HTML is not allowed/,
    );
    expectRejected(
      (f) => replace(f, 'chapters/01-alpha.md', '练习正文。', '![图](pic.png)'),
      'chapters/01-alpha.md',
      (f) => lineOf(f['chapters/01-alpha.md'], '![图]'),
      /images are not allowed/,
    );
    expectRejected(
      (f) => replace(f, 'chapters/01-alpha.md', '练习正文。', '详见[官网](https://example.com)。'),
      'chapters/01-alpha.md',
      (f) => lineOf(f['chapters/01-alpha.md'], '详见'),
      /links to the web are not allowed/,
    );
  });

  it('rejects a chapter missing a front-matter field', () => {
    expectRejected(
      (f) => replace(f, 'chapters/02-beta.md', 'summary: 本章概述。\n', ''),
      'chapters/02-beta.md',
      () => 2,
      /front matter summary: /,
    );
  });

  it('reports a YAML syntax error at its line', () => {
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', 'stem: 判断题题干。', 'stem: 判断: 题干。'),
      'questions/alpha.yaml',
      (f) => lineOf(f['questions/alpha.yaml'], 'stem: 判断: 题干。'),
      /^YAML: /,
    );
    // In front matter the line is counted from the top of the chapter file, not of the YAML block.
    expectRejected(
      (f) => replace(f, 'chapters/01-alpha.md', 'title: 第1章', 'title: "第1章'),
      'chapters/01-alpha.md',
      (f) => lineOf(f['chapters/01-alpha.md'], 'title: "第1章'),
      /^YAML: /,
    );
  });

  it('rejects a ## section missing from the front matter sections list', () => {
    expectRejected(
      (f) => replace(f, 'chapters/01-alpha.md', '  practice: []\n', ''),
      'chapters/01-alpha.md',
      (f) => lineOf(f['chapters/01-alpha.md'], '## 练习 {#practice}'),
      /section "practice" is missing from the front matter "sections:"/,
    );
  });

  it('rejects a blueprint asking for more items than the bank holds', () => {
    expectRejected(
      (f) => replace(f, 'blueprints/certification.yaml', '{ type: multiple, count: 2,', '{ type: multiple, count: 3,'),
      'blueprints/certification.yaml',
      (f) => lineOf(f['blueprints/certification.yaml'], 'type: multiple'),
      /certification: draw 2 asks for 3 multiple from all chapters but the bank holds 2/,
    );
    expectRejected(
      (f) => replace(f, 'blueprints/certification.yaml', 'difficulty: { 1: 2 }', 'difficulty: { 1: 1, 3: 1 }'),
      'blueprints/certification.yaml',
      (f) => lineOf(f['blueprints/certification.yaml'], 'type: single'),
      /draw 1 asks for 1 single difficulty 3 from all chapters but the bank holds 0/,
    );
  });

  it('rejects overlapping draws that together need more questions than exist', () => {
    // Each rule alone fits (2 essays in the bank), but together they need 3 distinct essays.
    expectRejected(
      (f) => replace(f, 'blueprints/certification.yaml', / {2}- \{ type: essay.*\n/, '  - { type: essay, count: 1, points: 5, chapters: [beta] }\n  - { type: essay, count: 2, points: 5, chapters: all }\n'),
      'blueprints/certification.yaml',
      (f) => lineOf(f['blueprints/certification.yaml'], 'chapters: all }', lineOf(f['blueprints/certification.yaml'], 'type: essay')),
      /draw 4 is short of 1 question/,
    );
  });

  it('accepts overlapping draws that fit only when assigned carefully', () => {
    // A first-come pick would give "all chapters" the alpha essay (first in the bank) and leave the
    // alpha-only rule with nothing.
    const { course, issues } = compileTree((f) =>
      replace(f, 'blueprints/certification.yaml', / {2}- \{ type: essay.*\n/, '  - { type: essay, count: 1, points: 5, chapters: all }\n  - { type: essay, count: 1, points: 5, chapters: [alpha] }\n'),
    );
    expect(issues).toEqual([]);
    expect(course).not.toBeNull();
  });

  it('rejects a blueprint naming an unknown chapter', () => {
    expectRejected(
      (f) => replace(f, 'blueprints/practice-alpha.yaml', '{ type: fill, count: 1, points: 1, chapters: [alpha] }', '{ type: fill, count: 1, points: 1, chapters: [gamma] }'),
      'blueprints/practice-alpha.yaml',
      (f) => lineOf(f['blueprints/practice-alpha.yaml'], 'chapters: [gamma]'),
      /practice-alpha: chapter "gamma" does not exist/,
    );
  });

  it('rejects a difficulty split that does not add up to the count', () => {
    expectRejected(
      (f) => replace(f, 'blueprints/certification.yaml', 'difficulty: { 1: 2 }', 'difficulty: { 1: 1, 2: 2 }'),
      'blueprints/certification.yaml',
      (f) => lineOf(f['blueprints/certification.yaml'], 'type: single'),
      /draw 1: difficulty counts add up to 3, not 2/,
    );
  });

  it('rejects a pass mark above the points a blueprint can award', () => {
    expectRejected(
      (f) => replace(f, 'blueprints/practice-alpha.yaml', 'pass_score: 3', 'pass_score: 5'),
      'blueprints/practice-alpha.yaml',
      (f) => lineOf(f['blueprints/practice-alpha.yaml'], 'pass_score'),
      /pass_score 5 is more than the 4 points/,
    );
  });

  it('rejects a question id that does not name its chapter', () => {
    expectRejected(
      (f) => replace(f, 'questions/alpha.yaml', 'section: alpha#basics-case', 'section: beta#basics-case'),
      'questions/alpha.yaml',
      qItem('alpha', '002'),
      /alpha-002: the id must start with its chapter "beta-"/,
    );
  });
});
