import { describe, expect, it } from 'vitest';
import { findMatches, makeSnippet } from '../../db/search/snippet';

const marked = (s: { text: string; highlights: [number, number][] }) => s.highlights.map(([a, b]) => s.text.slice(a, b));

describe('snippets and highlights', () => {
  it('marks every occurrence, in Chinese, in Latin whatever the case, and in full-width forms', () => {
    expect(findMatches('客户投诉与投诉处理', ['投诉'])).toEqual([[2, 4], [5, 7]]);
    expect(findMatches('服务关键时刻 MOT 与 Mot', ['mot'])).toEqual([[7, 10], [13, 16]]);
    expect(findMatches('ＭＯＴ六步骤', ['mot'])).toEqual([[0, 3]]);
    // NFKC makes ㈠ three characters: offsets still point into the original text.
    expect(findMatches('㈠投诉', ['投诉'])).toEqual([[1, 3]]);
    // Overlapping terms merge into one range.
    expect(findMatches('投诉处理', ['投诉', '诉处', '处理'])).toEqual([[0, 4]]);
    expect(findMatches('a.*b', ['.*'])).toEqual([[1, 3]]);
  });

  it('cuts a window around the first match of the most specific term, with ellipses and shifted offsets', () => {
    const text = `${'前文'.repeat(60)}客户投诉${'后文'.repeat(60)}`;
    const s = makeSnippet(text, ['客户投诉', '投诉']);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(92);
    expect(marked(s)).toEqual(['客户投诉']);
    expect(s.matched).toBe(true);
  });

  it('starts at the line the match is on, turns newlines into spaces, never splits a surrogate pair', () => {
    const s = makeSnippet('第一行很长的内容\n第二行有投诉', ['投诉']);
    expect(s.text).toBe('…第二行有投诉');
    expect(marked(s)).toEqual(['投诉']);
    const emoji = `${'😀'.repeat(40)}投诉${'😀'.repeat(40)}`;
    const e = makeSnippet(emoji, ['投诉']);
    expect(e.text).not.toMatch(/^…?[\udc00-\udfff]/);
    expect(e.text).not.toMatch(/[\ud800-\udbff]…?$/);
    expect(marked(e)).toEqual(['投诉']);
  });

  it('marks a match that begins before the window (cut to it) and the later terms inside it, whatever the case', () => {
    const text = `${'甲'.repeat(20)}一二三四五六七八九十${'乙'.repeat(21)}目标${'乙'.repeat(5)}MOT${'丙'.repeat(100)}目标`;
    const s = makeSnippet(text, ['目标', '五六七八九十', 'mot']);
    // The window starts 24 characters before 目标, inside 五六七八九十.
    expect(s.text.startsWith('…八九十')).toBe(true);
    expect(marked(s)).toEqual(['八九十', '目标', 'MOT']);
    expect(s.matched).toBe(true);
  });

  it('without a match: the start of the text, nothing marked', () => {
    const s = makeSnippet('没有相关内容的一段文字', ['投诉']);
    expect(s).toEqual({ text: '没有相关内容的一段文字', highlights: [], matched: false });
    expect(makeSnippet('', ['投诉']).text).toBe('');
  });
});
