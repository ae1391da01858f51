/**
 * The signed zip shared by result bundles (.kfbundle) and session packages (.kfsession):
 * `manifest.json` names every other file with its SHA-256 and size and carries the signer's public key;
 * `manifest.sig` is the Ed25519 signature over the exact bytes of manifest.json. Opening checks, in order:
 * size, the zip itself, unexpected or missing entries, format and version, that the fingerprint is the
 * key's, the signature, then each file's size and hash — and refuses with a message a person can act on.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { fingerprintOf, installationIdentity, signBytes, verifyBytes } from '../records/installationKey';
import { refuse } from './trust';

export const sha256 = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const manifestHead = {
  version: z.number().int(),
  createdAt: z.number().int().min(0),
  installation: z.strictObject({ fingerprint: hex64, publicKey: z.string().min(1).max(200), label: z.string().max(60) }),
  files: z.array(z.strictObject({ path: z.string().max(64), sha256: hex64, bytes: z.number().int().min(0) })).max(16),
};
export type ManifestHead = { [K in keyof typeof manifestHead]: z.infer<(typeof manifestHead)[K]> };

export interface SignedZipKind<M extends ManifestHead> {
  format: string;
  /** The one version of the format this app reads and writes; bump it when the contents change. */
  version: number;
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
  files: Map<string, Buffer>;
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

export function writeSignedZip<M extends ManifestHead>(
  app: App,
  kind: SignedZipKind<M>,
  body: Record<string, unknown>,
  files: { path: string; bytes: Uint8Array }[],
): Uint8Array {
  const id = installationIdentity(app);
  const manifest = {
    format: kind.format,
    version: kind.version,
    createdAt: app.now(),
    installation: { fingerprint: id.fingerprint, publicKey: id.publicKey, label: id.label },
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), bytes: f.bytes.length })),
    ...body,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1), 'utf8');
  const entries: Zippable = { 'manifest.json': manifestBytes, 'manifest.sig': Buffer.from(signBytes(app, manifestBytes), 'utf8') };
  for (const f of files) entries[f.path] = f.bytes;
  return zipSync(entries, { level: 6, mtime: new Date(app.now()) });
}

/** An entry of a zip's central directory: where its data starts and how large it says it is. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

const DAMAGED = new Error('damaged zip');

/**
 * The entries of a zip from its central directory (no zip64, no encryption: bundles are small and made
 * by this app). Data is inflated by node:zlib afterwards, several times faster than a JavaScript inflater
 * on a bundle of 100+ MB. Throws DAMAGED on anything that is not a well-formed zip.
 */
function zipEntries(zip: Buffer): ZipEntry[] {
  const min = 22;
  let eocd = -1;
  for (let i = zip.length - min; i >= Math.max(0, zip.length - min - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw DAMAGED;
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at + dirSize > eocd) throw DAMAGED;
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > eocd || zip.readUInt32LE(at) !== 0x02014b50) throw DAMAGED;
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (next > eocd || flags & 1 || (method !== 0 && method !== 8) || compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw DAMAGED;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw DAMAGED;
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (dataStart + compressedSize > zip.length) throw DAMAGED;
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), method, compressedSize, size, dataStart });
    at = next;
  }
  return entries;
}

function inflateEntry(zip: Buffer, e: ZipEntry): Buffer {
  const data = zip.subarray(e.dataStart, e.dataStart + e.compressedSize);
  // A size that lies (a zip bomb) stops the inflater at the size declared, and fails the check below.
  // One output chunk of the declared size: zlib's default 16 KiB chunks cost a second copy to join.
  const bytes = e.method === 0 ? data : zlib.inflateRawSync(data, { chunkSize: Math.max(64, e.size), maxOutputLength: Math.max(1, e.size) });
  if (bytes.length !== e.size) throw DAMAGED;
  return bytes;
}

export function openSignedZip<M extends ManifestHead>(zipBytes: Uint8Array, kind: SignedZipKind<M>): OpenedZip<M> {
  const zh = kind.name['zh-CN'];
  const en = kind.name.en;
  if (zipBytes.length > LIMITS.zipBytes) throw refuse(`${zh}过大（超过 ${LIMITS.zipBytes / 2 ** 20} MB）。`, `The ${en} is too large (over ${LIMITS.zipBytes / 2 ** 20} MB).`);
  const zip = Buffer.from(zipBytes.buffer, zipBytes.byteOffset, zipBytes.byteLength);
  const allowed = new Set(['manifest.json', 'manifest.sig', ...kind.files]);
  const raw = new Map<string, Buffer>();
  try {
    const entries = zipEntries(zip);
    let total = 0;
    for (const f of entries) {
      if (raw.has(f.name)) throw refuse(`${zh}中的文件 ${f.name} 出现了两次，已拒绝。`, `The ${en} holds ${f.name} twice; refused.`);
      raw.set(f.name, Buffer.alloc(0));
      if (!allowed.has(f.name)) throw refuse(`${zh}含有多余的文件：${f.name.slice(0, 80)}，已拒绝（可能被改动过）。`, `The ${en} holds an unexpected file: ${f.name.slice(0, 80)}; refused (it may have been altered).`);
      total += f.size;
      if (f.size > LIMITS.entryBytes || total > LIMITS.totalBytes) throw refuse(`${zh}解压后过大，已拒绝。`, `The ${en} is too large once unpacked; refused.`);
    }
    for (const f of entries) raw.set(f.name, inflateEntry(zip, f));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw refuse(`${zh}文件不完整或已损坏（无法解压），请重新导出后再试。`, `The ${en} is incomplete or damaged (it cannot be unpacked); export it again.`);
  }
  const manifestBytes = raw.get('manifest.json');
  if (!manifestBytes) throw refuse(`这不是${zh}：缺少 manifest.json。`, `This is not a ${en}: manifest.json is missing.`);
  const sigBytes = raw.get('manifest.sig');
  if (!sigBytes) throw refuse(`${zh}没有签名（缺少 manifest.sig），不能导入。`, `The ${en} is not signed (manifest.sig is missing) and cannot be imported.`);
  if (manifestBytes.length > LIMITS.manifestBytes) throw refuse(`${zh}的清单过大。`, `The ${en}'s manifest is too large.`);
  const manifestText = manifestBytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch {
    throw refuse(`${zh}的清单 manifest.json 已损坏（不是有效的 JSON）。`, `The ${en}'s manifest.json is damaged (not valid JSON).`);
  }
  const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== kind.format) throw refuse(`这不是${zh}（格式标识不符）。`, `This is not a ${en} (wrong format).`);
  if (head.data.version !== kind.version) {
    throw refuse(`${zh}的版本（${String(head.data.version).slice(0, 20)}）不受本程序支持，请用相同版本的程序导出。`, `This ${en} version (${String(head.data.version).slice(0, 20)}) is not supported; export it with the same version of the app.`);
  }
  const parsed = kind.manifest.safeParse(json);
  if (!parsed.success) throw refuse(`${zh}的清单 manifest.json 内容不完整或有误。`, `The ${en}'s manifest.json is incomplete or invalid.`);
  const manifest = parsed.data;
  const signature = sigBytes.toString('utf8').trim();
  if (fingerprintOf(manifest.installation.publicKey) !== manifest.installation.fingerprint || !verifyBytes(manifest.installation.publicKey, manifestBytes, signature)) {
    throw refuse(`${zh}已被修改：清单的签名校验不通过（manifest.json 或 manifest.sig 被改动）。`, `The ${en} was altered: the manifest's signature does not verify (manifest.json or manifest.sig changed).`);
  }
  const listed = manifest.files.map((f) => f.path);
  if (new Set(listed).size !== listed.length || listed.length !== kind.files.length || !kind.files.every((p) => listed.includes(p))) {
    throw refuse(`${zh}的清单所列文件不符合要求。`, `The ${en}'s manifest does not list the expected files.`);
  }
  const files = new Map<string, Buffer>();
  for (const f of manifest.files) {
    const bytes = raw.get(f.path);
    if (!bytes) throw refuse(`${zh}不完整：缺少 ${f.path}。`, `The ${en} is incomplete: ${f.path} is missing.`);
    if (bytes.length !== f.bytes || sha256(bytes) !== f.sha256) {
      throw refuse(`${zh}已被修改：${f.path} 的校验值不符。`, `The ${en} was altered: ${f.path} does not match its checksum.`);
    }
    files.set(f.path, bytes);
  }
  return { manifest, manifestText, signature, files, sha256: sha256(zipBytes) };
}

export function decodeBase64File(fileBase64: string): Uint8Array {
  return Buffer.from(fileBase64, 'base64');
}
