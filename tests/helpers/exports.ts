/** Reading exports back the way users' tools do: LibreOffice headless, poppler, and a small RFC 4180 parser. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './app';

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // handled by \n
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Every sheet of an XLSX as CSV through LibreOffice (UTF-8, comma, "as shown"), keyed by sheet name. */
export function libreOfficeSheets(xlsx: string, sheetNames: string[]): Record<string, string[][]> {
  const out = tempDir('kb-lo-');
  const profile = tempDir('kb-lo-profile-');
  // Filter options: separator 44 (,), quote 34 ("), charset 76 (UTF-8), first line 1, cell formats default,
  // language default, quote all text false, detect special numbers true, save as shown true, formulas false,
  // remove space false, sheet -1 = every sheet to its own file <name>-<sheet>.csv.
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', out, xlsx],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const base = path.basename(xlsx, '.xlsx');
  return Object.fromEntries(sheetNames.map((name) => [name, parseCsv(fs.readFileSync(path.join(out, `${base}-${name}.csv`), 'utf8'))]));
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** First page as a PNG at 60 dpi (pdftoppm), copied to `png`. */
export function pdfPng(file: string, png: string): Buffer {
  const dir = tempDir('kb-ppm-');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
  fs.mkdirSync(path.dirname(png), { recursive: true });
  fs.copyFileSync(path.join(dir, 'page.png'), png);
  return fs.readFileSync(png);
}
