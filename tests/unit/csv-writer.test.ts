import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CellValue, SheetSpec } from '../../electron/services/records/exportSheets';
import { csvFolderWriter, csvZipWriter, localDateTime } from '../../electron/services/records/exportWriters';
import { tempDir } from '../helpers/app';
import { parseCsv } from '../helpers/exports';

const SHEET: SheetSpec = {
  name: '明细',
  columns: [
    { header: '文本', kind: 'text' },
    { header: '分数', kind: 'number' },
    { header: '日期', kind: 'day' },
    { header: '时间', kind: 'datetime' },
    { header: '得分率', kind: 'percent' },
  ],
};

const at = Date.UTC(2025, 5, 2, 1, 2, 3);
// Longer than the writer's 1 MiB chunk once encoded (3 bytes a character).
const long = '长'.repeat(400_000) + ',"引号"\n换行';
const rows: CellValue[][] = [
  ['逗号, "引号" 和\r\n换行', 1, '2025-06-02', at, 0.5],
  ['=1+1', -2.5, null, null, null],
  ['-不是公式也一样', 0, '2025-06-03', at + 1000, 1],
  [long, 1e21, '2025-06-04', at, 0.1234],
  [null, null, null, null, null],
];
// What a reader sees in each cell: text kept as written (a formula start behind a '), times in local time.
const shown = (r: CellValue[]) => [
  r[0] === null ? '' : /^[=+\-@]/.test(r[0] as string) ? `'${r[0]}` : (r[0] as string),
  r[1] === null ? '' : String(r[1]),
  r[2] === null ? '' : (r[2] as string),
  r[3] === null ? '' : localDateTime(r[3] as number),
  r[4] === null ? '' : `${((r[4] as number) * 100).toFixed(1)}%`,
];
// Enough repeated rows to fill the chunk many times over, each text cell encoded once and copied after.
const many = Array.from({ length: 60_000 }, (_, i): CellValue[] => [`考生${i % 37}`, i, '2025-06-02', at + i, i / 20_000]);

function check(bytes: Buffer) {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(bytes.length - 2).toString()).toBe('\r\n');
  const parsed = parseCsv(bytes.subarray(3).toString('utf8'));
  expect(parsed[0]).toEqual(SHEET.columns.map((c) => c.header));
  expect(parsed.slice(1, rows.length + 1)).toEqual(rows.map(shown));
  expect(parsed.slice(rows.length + 1)).toEqual(many.map(shown));
}

async function write(writer: ReturnType<typeof csvFolderWriter>) {
  writer.startSheet(SHEET);
  for (const r of [...rows, ...many]) writer.row(r);
  await writer.endSheet();
  writer.startSheet({ ...SHEET, name: '第二张' });
  writer.row(['第二张', 2, null, null, null]);
  await writer.endSheet();
  await writer.finish();
}

describe('CSV writer', () => {
  it('quotes, formula guards, long texts across chunks, figures and times read back as written, in a folder and in a zip', async () => {
    const dir = tempDir('kb-csv-writer-');
    const written: string[] = [];
    await write(csvFolderWriter(dir, (sheet) => `导出_${sheet}.csv`, written));
    expect(written.map((f) => path.basename(f))).toEqual(['导出_明细.csv', '导出_第二张.csv']);
    check(fs.readFileSync(written[0]));
    expect(parseCsv(fs.readFileSync(written[1]).subarray(3).toString('utf8'))).toEqual([SHEET.columns.map((c) => c.header), ['第二张', '2', '', '', '']]);

    const zipFile = path.join(dir, 'export.zip');
    await write(csvZipWriter(zipFile, (sheet) => `导出_${sheet}.csv`));
    const entries = unzipSync(new Uint8Array(fs.readFileSync(zipFile)));
    expect(Object.keys(entries)).toEqual(['导出_明细.csv', '导出_第二张.csv']);
    check(Buffer.from(entries['导出_明细.csv']));
  });

  it('a zip that cannot be written (a full disk) fails through the writer, not from zlib’s events, and an abort stops it', async () => {
    await expect(write(csvZipWriter('/dev/full', (sheet) => `${sheet}.csv`))).rejects.toMatchObject({ code: 'ENOSPC' });

    const file = path.join(tempDir('kb-csv-abort-'), 'export.zip');
    const writer = csvZipWriter(file, (sheet) => `${sheet}.csv`);
    writer.startSheet(SHEET);
    for (const r of many) writer.row(r);
    await writer.abort();
    // Compression still under way when it stopped writes nothing more to the file (the caller deletes it).
    const size = fs.statSync(file).size;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.statSync(file).size).toBe(size);
  });
});
