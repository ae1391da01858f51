/**
 * A top list packed into a blob: per entry a little-endian uint32 rowid and float32 BM25 score, best
 * first. One row per term keeps the table small and a list readable in one step.
 */
export interface TopEntry {
  rowid: number;
  score: number;
}

const ENTRY = 8;

export function packTopList(entries: readonly TopEntry[]): Buffer {
  const buf = Buffer.alloc(entries.length * ENTRY);
  entries.forEach((e, i) => {
    buf.writeUInt32LE(e.rowid, i * ENTRY);
    buf.writeFloatLE(e.score, i * ENTRY + 4);
  });
  return buf;
}

/** The first `limit` entries of a packed list. */
export function unpackTopList(blob: Uint8Array, limit: number, into: TopEntry[] = []): TopEntry[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = Math.min(limit, Math.floor(blob.byteLength / ENTRY));
  for (let i = 0; i < n; i++) into.push({ rowid: view.getUint32(i * ENTRY, true), score: view.getFloat32(i * ENTRY + 4, true) });
  return into;
}
