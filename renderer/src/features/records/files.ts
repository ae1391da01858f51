/** Files between the browser and the API: base64 both ways, and handing bytes to the browser as a download. */
import { uploadParts } from '../../../../electron/shared/bundleTypes';
import { call } from '../../api/client';

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export async function fileToBase64(file: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** Sends a result bundle in parts (bundles.upload), so any size passes the API's body limit; returns the upload id. */
export async function uploadBundle(file: File): Promise<string> {
  let uploadId: string | undefined;
  let offset = 0;
  for (const part of uploadParts(new Uint8Array(await file.arrayBuffer()))) {
    ({ uploadId } = await call('bundles.upload', { uploadId, offset, base64: bytesToBase64(part) }));
    offset += part.length;
  }
  return uploadId!;
}

const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  pdf: 'application/pdf',
};

export function mimeFor(fileName: string): string {
  return MIME[fileName.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** Saves bytes under `fileName` through an <a download> (Electron's download handler or the browser's). */
export function saveFile(parts: BlobPart[], fileName: string, mimeType = mimeFor(fileName)): void {
  const url = URL.createObjectURL(new Blob(parts, { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveBase64File(f: { base64: string; fileName: string; mimeType?: string }): void {
  saveFile([base64ToBytes(f.base64)], f.fileName, f.mimeType);
}

/** "3f2a9c…" → "3f2a 9c01 …": fingerprints are read aloud and compared by people in groups of four. */
export function groupFingerprint(fp: string): string {
  return fp.match(/.{1,4}/g)?.join(' ') ?? fp;
}
