/**
 * The content-pack file (kb-content-pack, version 1): a course's source files with a manifest of their
 * hashes. Building one from a content folder, and checking and compiling one, change nothing on disk.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { compileContent } from '../../db/content/compile';
import type { Course } from '../../db/content/model';
import { AppError } from '../shared/errors';

export const PACK_FORMAT = 'kb-content-pack';
const PACK_PATH = /^(chapters\/[\w.-]+\.md|questions\/[\w.-]+\.ya?ml|blueprints\/[\w.-]+\.ya?ml)$/;

const packSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(1),
  manifest: z.strictObject({
    title: z.string().min(1).max(200),
    createdAt: z.string().max(40),
    files: z.array(z.strictObject({ path: z.string().regex(PACK_PATH), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) })).min(1).max(500),
  }),
  files: z.record(z.string().regex(PACK_PATH), z.string().max(2_000_000)),
});
export type ContentPack = z.infer<typeof packSchema>;

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Builds a pack from a content folder (chapters/, questions/, blueprints/). */
export function createPack(contentDir: string, title: string): ContentPack {
  const files: Record<string, string> = {};
  for (const sub of ['chapters', 'questions', 'blueprints']) {
    const dir = path.join(contentDir, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const rel = `${sub}/${f}`;
      if (PACK_PATH.test(rel)) files[rel] = fs.readFileSync(path.join(dir, f), 'utf8');
    }
  }
  return {
    format: PACK_FORMAT,
    formatVersion: 1,
    manifest: {
      title,
      createdAt: new Date().toISOString(),
      files: Object.entries(files).map(([p, text]) => ({ path: p, sha256: sha256(text), bytes: Buffer.byteLength(text) })),
    },
    files,
  };
}

function refuse(zh: string, en: string, issues?: { path: string; message: string }[]): AppError {
  return new AppError('invalid_input', { 'zh-CN': `内容包无法导入：${zh}。当前课程未做任何改动。`, en: `The content pack cannot be imported: ${en}. The current course was not changed.` }, issues);
}

/** Parses, verifies and compiles a pack in a temporary folder; refuses it with reasons, changing nothing. */
export function compilePack(text: string): { pack: ContentPack; course: Course } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw refuse('文件不是有效的内容包（JSON 格式错误）', 'the file is not a valid content pack (bad JSON)');
  }
  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    throw refuse('文件结构不符合内容包格式', 'the file does not have the content-pack structure', parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const pack = parsed.data;
  const listed = new Set(pack.manifest.files.map((f) => f.path));
  const problems: { path: string; message: string }[] = [];
  for (const f of pack.manifest.files) {
    const body = pack.files[f.path];
    if (body === undefined) problems.push({ path: f.path, message: 'listed in the manifest but missing' });
    else if (sha256(body) !== f.sha256) problems.push({ path: f.path, message: 'content does not match its manifest hash (damaged or edited)' });
  }
  for (const p of Object.keys(pack.files)) if (!listed.has(p)) problems.push({ path: p, message: 'not listed in the manifest' });
  if (problems.length) throw refuse('文件与清单不符（可能已损坏或被改动）', 'files do not match the manifest (damaged or edited)', problems);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-pack-'));
  try {
    for (const [rel, body] of Object.entries(pack.files)) {
      fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), body);
    }
    const { course, issues } = compileContent(dir);
    if (!course) {
      throw refuse(
        `课程内容校验失败（${issues.length} 个问题）`,
        `the course content is invalid (${issues.length} problems)`,
        issues.slice(0, 50).map((i) => ({ path: `${path.relative(dir, path.resolve(i.file)) || i.file}:${i.line}`, message: i.reason })),
      );
    }
    return { pack, course };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
