/**
 * The signed zip shared by result bundles (.kfbundle) and session packages (.kfsession):
 * `manifest.json` names every other file with its SHA-256 and size and carries the signer's public key;
 * `manifest.sig` is the Ed25519 signature over the exact bytes of manifest.json. Opening checks, in order:
 * size, the zip itself, unexpected or missing entries, format and version, that the fingerprint is the
 * key's, the signature, then each file's size and hash — and refuses with a message a person can act on.
 */
import crypto from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { fingerprintOf, installationIdentity, signBytes, verifyBytes } from '../records/installationKey';
import { refuse } from './trust';

export const sha256 = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const manifestHead = {
  version: z.literal(1),
  createdAt: z.number().int().min(0),
  installation: z.strictObject({ fingerprint: hex64, publicKey: z.string().min(1).max(200), label: z.string().max(60) }),
  files: z.array(z.strictObject({ path: z.string().max(64), sha256: hex64, bytes: z.number().int().min(0) })).max(16),
};
export type ManifestHead = { [K in keyof typeof manifestHead]: z.infer<(typeof manifestHead)[K]> };

export interface SignedZipKind<M extends ManifestHead> {
  format: string;
  /** What a person calls it, in the refusal messages. */
  name: { 'zh-CN': string; en: string };
  /** The files besides manifest.json and manifest.sig, all required. */
  files: readonly string[];
  manifest: z.ZodType<M>;
}

export interface OpenedZip<M> {
  manifest: M;
  manifestText: string;
  signature: string;
  files: Map<string, Uint8Array>;
  /** SHA-256 of the whole zip file. */
  sha256: string;
}

export const LIMITS = {
  zipBytes: 256 * 2 ** 20,
  /** Uncompressed, per entry and in all (a zip bomb stops here, before inflating). */
  entryBytes: 512 * 2 ** 20,
  totalBytes: 768 * 2 ** 20,
  manifestBytes: 16 * 2 ** 20,
};

export function writeSignedZip(app: App, head: { format: string } & Record<string, unknown>, files: { path: string; bytes: Uint8Array }[]): Uint8Array {
  const id = installationIdentity(app);
  const { format, ...rest } = head;
  const manifest = {
    format,
    version: 1,
    createdAt: app.now(),
    installation: { fingerprint: id.fingerprint, publicKey: id.publicKey, label: id.label },
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), bytes: f.bytes.length })),
    ...rest,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1), 'utf8');
  const entries: Zippable = { 'manifest.json': manifestBytes, 'manifest.sig': Buffer.from(signBytes(app, manifestBytes), 'utf8') };
  for (const f of files) entries[f.path] = f.bytes;
  return zipSync(entries, { level: 6, mtime: new Date(app.now()) });
}

export function openSignedZip<M extends ManifestHead>(zip: Uint8Array, kind: SignedZipKind<M>): OpenedZip<M> {
  const zh = kind.name['zh-CN'];
  const en = kind.name.en;
  if (zip.length > LIMITS.zipBytes) throw refuse(`${zh}过大（超过 ${LIMITS.zipBytes / 2 ** 20} MB）。`, `The ${en} is too large (over ${LIMITS.zipBytes / 2 ** 20} MB).`);
  const allowed = new Set(['manifest.json', 'manifest.sig', ...kind.files]);
  const seen = new Set<string>();
  let total = 0;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(zip, {
      filter: (f) => {
        if (seen.has(f.name)) throw refuse(`${zh}中的文件 ${f.name} 出现了两次，已拒绝。`, `The ${en} holds ${f.name} twice; refused.`);
        seen.add(f.name);
        if (!allowed.has(f.name)) throw refuse(`${zh}含有多余的文件：${f.name.slice(0, 80)}，已拒绝（可能被改动过）。`, `The ${en} holds an unexpected file: ${f.name.slice(0, 80)}; refused (it may have been altered).`);
        total += f.originalSize;
        if (f.originalSize > LIMITS.entryBytes || total > LIMITS.totalBytes) throw refuse(`${zh}解压后过大，已拒绝。`, `The ${en} is too large once unpacked; refused.`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw refuse(`${zh}文件不完整或已损坏（无法解压），请重新导出后再试。`, `The ${en} is incomplete or damaged (it cannot be unpacked); export it again.`);
  }
  const manifestBytes = raw['manifest.json'];
  if (!manifestBytes) throw refuse(`这不是${zh}：缺少 manifest.json。`, `This is not a ${en}: manifest.json is missing.`);
  const sigBytes = raw['manifest.sig'];
  if (!sigBytes) throw refuse(`${zh}没有签名（缺少 manifest.sig），不能导入。`, `The ${en} is not signed (manifest.sig is missing) and cannot be imported.`);
  if (manifestBytes.length > LIMITS.manifestBytes) throw refuse(`${zh}的清单过大。`, `The ${en}'s manifest is too large.`);
  const manifestText = Buffer.from(manifestBytes).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch {
    throw refuse(`${zh}的清单 manifest.json 已损坏（不是有效的 JSON）。`, `The ${en}'s manifest.json is damaged (not valid JSON).`);
  }
  const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== kind.format) throw refuse(`这不是${zh}（格式标识不符）。`, `This is not a ${en} (wrong format).`);
  if (head.data.version !== 1) {
    throw refuse(`${zh}的版本（${String(head.data.version).slice(0, 20)}）不受本程序支持，请用相同版本的程序导出。`, `This ${en} version (${String(head.data.version).slice(0, 20)}) is not supported; export it with the same version of the app.`);
  }
  const parsed = kind.manifest.safeParse(json);
  if (!parsed.success) throw refuse(`${zh}的清单 manifest.json 内容不完整或有误。`, `The ${en}'s manifest.json is incomplete or invalid.`);
  const manifest = parsed.data;
  const signature = Buffer.from(sigBytes).toString('utf8').trim();
  if (fingerprintOf(manifest.installation.publicKey) !== manifest.installation.fingerprint || !verifyBytes(manifest.installation.publicKey, manifestBytes, signature)) {
    throw refuse(`${zh}已被修改：清单的签名校验不通过（manifest.json 或 manifest.sig 被改动）。`, `The ${en} was altered: the manifest's signature does not verify (manifest.json or manifest.sig changed).`);
  }
  const listed = manifest.files.map((f) => f.path);
  if (new Set(listed).size !== listed.length || listed.length !== kind.files.length || !kind.files.every((p) => listed.includes(p))) {
    throw refuse(`${zh}的清单所列文件不符合要求。`, `The ${en}'s manifest does not list the expected files.`);
  }
  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const bytes = raw[f.path];
    if (!bytes) throw refuse(`${zh}不完整：缺少 ${f.path}。`, `The ${en} is incomplete: ${f.path} is missing.`);
    if (bytes.length !== f.bytes || sha256(bytes) !== f.sha256) {
      throw refuse(`${zh}已被修改：${f.path} 的校验值不符。`, `The ${en} was altered: ${f.path} does not match its checksum.`);
    }
    files.set(f.path, bytes);
  }
  return { manifest, manifestText, signature, files, sha256: sha256(zip) };
}

export function decodeBase64File(fileBase64: string): Uint8Array {
  return Buffer.from(fileBase64, 'base64');
}

/** yyyymmdd-HHMM in local time, for file names. */
export function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}
