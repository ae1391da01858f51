import type { SearchHit, SearchResult } from '../shared/calls/search';

/** Wraps highlighted ranges in 【】 for a terminal. */
function marked(text: string, ranges: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [a, b] of ranges) {
    out += `${text.slice(at, a)}【${text.slice(a, b)}】`;
    at = b;
  }
  return out + text.slice(at);
}

function hitLines(h: SearchHit, i: number): string[] {
  const where = h.kind === 'section' ? `${h.chapterId}/${h.sectionId}` : `${h.refId} → ${h.chapterId}/${h.sectionId}`;
  return [
    `${String(i + 1).padStart(3)}. ${marked(h.title, h.titleHighlights)}  [${where}]  score ${h.score} (${h.match})`,
    `     ${marked(h.snippet.text, h.snippet.highlights)}`,
  ];
}

export function formatSearch(r: SearchResult): string {
  if (!r.query) return '请输入要搜索的内容 / nothing to search for';
  const lines = [`搜索 / query: ${r.query}${r.terms.length ? `   (高亮 / terms: ${r.terms.join(' ')})` : ''}`];
  lines.push(`章节内容 / sections (${r.sections.length}):`, ...r.sections.flatMap(hitLines));
  lines.push(`练习题 / questions (${r.questions.length}):`, ...r.questions.flatMap(hitLines));
  if (!r.sections.length && !r.questions.length) lines.push('没有找到结果 / no results');
  return lines.join('\n');
}

/** `search <query words…> [--limit N]`: the query is every positional word, joined by spaces. */
export function searchInput(argv: string[]): { query: string; limit?: number } {
  const words: string[] = [];
  let limit: number | undefined;
  const rest = argv.slice(argv.indexOf('search') + 1);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--limit') limit = Number(rest[++i]);
    else if (a.startsWith('--limit=')) limit = Number(a.slice('--limit='.length));
    else if (a === '--data-dir') i++;
    else if (!a.startsWith('--')) words.push(a);
  }
  return limit === undefined ? { query: words.join(' ') } : { query: words.join(' '), limit };
}
