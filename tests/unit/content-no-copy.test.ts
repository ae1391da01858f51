import fs from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';

/** Runs this long (whitespace removed) that also occur in a seed count as copied. */
const RUN = 25;
/** The seeds live beside the clone: <workspace>/shared/seeds next to <workspace>/<repo>. */
const SEEDS_DIR = path.resolve(ROOT, '..', 'shared', 'seeds');
const CONTENT_DIR = path.join(ROOT, 'content');

const stripSpace = (s: string) => s.replace(/\s+/g, '');

/** Pinyin glosses the Traditional seed carries after characters: 實(shí), 務(wù). */
const stripPinyin = (s: string) => s.replace(/\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, '');

/**
 * PPT extraction writes every text run twice in a row (`第第五章五章`, `案例：…？案例：…？`). Collapse
 * each immediate repetition XX → X, preferring the longest X, so a sentence split across doubled runs is
 * compared as the slide showed it. (It also collapses genuine doubles like 谢谢; this variant is compared
 * in addition to the raw text, so that only costs a little sensitivity.)
 */
function collapseDoubled(s: string, maxRun = 80): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    let best = 0;
    for (let len = Math.min(maxRun, Math.floor((s.length - i) / 2)); len >= 1; len--) {
      if (s.startsWith(s.slice(i, i + len), i + len)) {
        best = len;
        break;
      }
    }
    if (best) {
      out += s.slice(i, i + best);
      i += 2 * best;
    } else {
      out += s[i];
      i += 1;
    }
  }
  return out;
}

/**
 * Full-width punctuation, digits and letters to their ASCII forms, so `：` and `:` compare equal (the seeds
 * mix both). One character to one, so positions still map to source lines.
 */
const foldWidth = (s: string) => s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

function seedVariants(): { name: string; text: string }[] {
  expect(
    fs.existsSync(SEEDS_DIR),
    `The seed materials are missing: expected them at ${SEEDS_DIR} (shared/seeds beside the repository). ` +
      'The no-copy check cannot run without them; check out shared/ next to the clone.',
  ).toBe(true);
  const files = fs.readdirSync(SEEDS_DIR).filter((f) => /^0.*\.txt$/.test(f)).sort();
  expect(files.length, `no seed files (0*.txt) in ${SEEDS_DIR}`).toBeGreaterThanOrEqual(5);
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const variants: { name: string; text: string }[] = [];
  for (const f of files) {
    const raw = stripSpace(fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8'));
    const forms = [raw, stripPinyin(raw)];
    if (f.startsWith('001')) forms.push(...forms.map(toSimplified), toSimplified(stripPinyin(raw)));
    const collapsed = forms.map((t) => collapseDoubled(t));
    for (const [k, text] of [...new Set([...forms, ...collapsed])].entries()) variants.push({ name: `${f}#${k}`, text: foldWidth(text) });
  }
  return variants;
}

function runsOf(texts: string[]): Set<string> {
  const runs = new Set<string>();
  for (const t of texts) for (let i = 0; i + RUN <= t.length; i++) runs.add(t.slice(i, i + RUN));
  return runs;
}

function contentFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? contentFiles(p) : /\.(md|ya?ml)$/.test(e.name) ? [p] : [];
  });
}

/** The file's text without whitespace, with the source line of every kept character. */
function squeeze(text: string): { text: string; lines: number[] } {
  let out = '';
  const lines: number[] = [];
  let line = 1;
  for (const ch of text) {
    if (ch === '\n') line++;
    if (/\s/.test(ch)) continue;
    out += ch;
    for (let k = 0; k < ch.length; k++) lines.push(line);
  }
  return { text: out, lines };
}

/** Copied stretches in `text`: maximal overlapping windows of RUN characters found in `runs`. */
function copiedStretches(text: string, runs: Set<string>): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const folded = foldWidth(text);
  for (let i = 0; i + RUN <= folded.length; i++) {
    if (!runs.has(folded.slice(i, i + RUN))) continue;
    const last = found.at(-1);
    if (last && i <= last.end) last.end = i + RUN;
    else found.push({ start: i, end: i + RUN });
  }
  return found;
}

describe('content is written in our own words', () => {
  it(`copies no run of ${RUN} characters from the seeds`, () => {
    const runs = runsOf(seedVariants().map((v) => v.text));
    const files = contentFiles(CONTENT_DIR);
    expect(files.length).toBeGreaterThan(10);

    const problems: string[] = [];
    for (const file of files) {
      const { text, lines } = squeeze(fs.readFileSync(file, 'utf8'));
      for (const h of copiedStretches(text, runs)) {
        problems.push(`${path.relative(ROOT, file)}:${lines[h.start]}: copied from the seeds: ${text.slice(h.start, h.end)}`);
      }
    }
    expect([...new Set(problems)], `Rewrite these passages in your own words:\n${[...new Set(problems)].join('\n')}`).toEqual([]);
  });

  it('would catch a copied sentence, including from the Traditional seed and the doubled PPT text', () => {
    const variants = seedVariants();
    const runs = runsOf(variants.map((v) => v.text));
    // A stretch of the plain seed 002, with other text around it.
    const s002 = variants.find((v) => v.name.startsWith('002'))!.text;
    const sample = s002.slice(Math.floor(s002.length / 2), Math.floor(s002.length / 2) + 40);
    expect(copiedStretches(`前言${sample}后记`, runs)).toEqual([{ start: 2, end: 42 }]);
    // Seed 001 is Traditional with pinyin glosses (客戶服務都已經成為企業參與競爭的法寶); in Simplified and with
    // full-width punctuation it must still be caught.
    expect(copiedStretches('企业无论规模大小，产品（服务）无论简单或复杂，客户服务都已经成为企业参与竞争的法宝。', runs)).toHaveLength(1);
    // Seed 000's slide text is doubled run by run; the sentence as the slide showed it is caught whole.
    expect(collapseDoubled('第第五章五章客服人员服务营销技巧客服人员服务营销技巧')).toBe('第五章客服人员服务营销技巧');
    const sentence = '近来因为要出远门，所以希望办理电话暂停从而减少不必要的费用，于是他来到了某电信营业厅。';
    expect(copiedStretches(sentence, runs)).toEqual([{ start: 0, end: sentence.length }]);
    // Our own wording of the same facts passes.
    expect(copiedStretches('李先生要外出几个月，想先把家里的固定电话停用，免得白白交钱，就去了营业厅办理。', runs)).toEqual([]);
  });
});
