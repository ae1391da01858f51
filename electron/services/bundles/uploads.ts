/**
 * Result bundles arriving in parts. One API call carries a few MB at most (the bridge takes 8 MiB bodies),
 * while a bundle of 10,000 attempts with distinct papers is about 9 MB: the renderer sends a file in
 * order, part after part, into a file under the data folder, then previews and imports it by its upload id.
 * An upload belongs to the person who started it; one left alone for an hour is removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { removeStaleFiles } from '../processFiles';

/** Larger than any bundle an installation exports (10,000 attempts with distinct papers: ~9 MB). */
export const MAX_UPLOAD_BYTES = 64 << 20;
const IDLE_MS = 60 * 60_000;

interface Upload {
  file: string;
  owner: number | null;
  bytes: number;
  touchedAt: number;
}

const registry = new WeakMap<App, Map<string, Upload>>();
function uploads(app: App): Map<string, Upload> {
  let map = registry.get(app);
  if (!map) registry.set(app, (map = new Map()));
  return map;
}

export const uploadDir = (app: App) => path.join(app.paths.dataDir, 'uploads');

const msg = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const GONE = new AppError('not_found', msg('上传的文件已过期或不存在，请重新选择文件。', 'The uploaded file has expired or does not exist; choose the file again.'));

function discardIdle(app: App): void {
  const now = app.now();
  for (const [id, u] of uploads(app)) if (now - u.touchedAt > IDLE_MS) discardUpload(app, id);
  removeStaleFiles(uploadDir(app), new Set([...uploads(app).values()].map((u) => path.basename(u.file))));
}

function ownUpload(app: App, owner: number | null, uploadId: string): Upload {
  const u = uploads(app).get(uploadId);
  // Another person's upload is reported as missing: its id says nothing.
  if (!u || u.owner !== owner) throw GONE;
  return u;
}

/** Appends the next part (`offset` = the bytes sent so far); without an id, starts a new upload. */
export function appendUpload(app: App, owner: number | null, uploadId: string | undefined, offset: number, part: Uint8Array): { uploadId: string; bytes: number } {
  let id = uploadId;
  let u: Upload;
  if (id === undefined) {
    discardIdle(app);
    id = crypto.randomBytes(16).toString('hex');
    fs.mkdirSync(uploadDir(app), { recursive: true });
    u = { file: path.join(uploadDir(app), `${process.pid}-${id}.part`), owner, bytes: 0, touchedAt: app.now() };
    fs.writeFileSync(u.file, '');
    uploads(app).set(id, u);
  } else {
    u = ownUpload(app, owner, id);
  }
  if (offset !== u.bytes) {
    throw new AppError('conflict', msg(`上传中断（已收到 ${u.bytes} 字节，这一段从 ${offset} 开始），请重新选择文件。`, `The upload was interrupted (${u.bytes} bytes received, this part starts at ${offset}); choose the file again.`));
  }
  if (u.bytes + part.length > MAX_UPLOAD_BYTES) {
    discardUpload(app, id);
    throw new AppError('invalid_input', msg(`文件超过 ${MAX_UPLOAD_BYTES >> 20} MB，不是本软件导出的结果包。`, `The file is larger than ${MAX_UPLOAD_BYTES >> 20} MB: not a result bundle exported by this software.`));
  }
  fs.appendFileSync(u.file, part);
  u.bytes += part.length;
  u.touchedAt = app.now();
  return { uploadId: id, bytes: u.bytes };
}

export function uploadedBytes(app: App, owner: number | null, uploadId: string): Buffer {
  return fs.readFileSync(ownUpload(app, owner, uploadId).file);
}

export function discardUpload(app: App, uploadId: string): void {
  const u = uploads(app).get(uploadId);
  if (!u) return;
  uploads(app).delete(uploadId);
  fs.rmSync(u.file, { force: true });
}
