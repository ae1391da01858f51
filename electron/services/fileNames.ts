/** Parts of the names of files the app writes for people: exports, reports, bundles. */

const pad = (n: number) => String(n).padStart(2, '0');

/** yyyymmdd-HHMM in local time. */
export function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** Characters Windows and macOS refuse in file names, and control characters. */
export function safeFilePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').replace(/\s+/g, ' ').trim().slice(0, 40);
}
