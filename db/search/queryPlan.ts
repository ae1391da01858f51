/**
 * Turns a normalised query into tiers of FTS5 expressions, tried in order until both result groups
 * are full:
 *   1. phrase  — the query as typed (every run of it, as a substring);
 *   2. pinyin  — for a query of Latin letters, the course words whose full pinyin or initials it
 *                spells (`tousu`, `ts` → 投诉), one tier per word, most frequent first;
 *   3. words   — the query segmented into words, question words and particles dropped, each word
 *                OR its synonyms, all words ANDed (如何处理客户投诉 → 处理 AND 客户|顾客|用户 AND 投诉|抱怨…);
 *   4. any     — the same words ORed, filling what the tiers above left free (so it is the fallback
 *                when the AND finds nothing).
 * Every expression is assembled here from tokens of [\p{L}\p{N}] and CJK characters inside double
 * quotes, so no user text reaches MATCH as syntax.
 */
import { isCjkChar } from './normalizeQuery';
import { prefixKey } from './params';
import { textRuns } from './tokenize';

export type TierName = 'phrase' | 'pinyin' | 'words' | 'any';

/** One FTS5 phrase: a CJK bigram phrase, or a one-character / Latin-word prefix. */
export interface Phrase {
  /** The word or run it matches (normalised). */
  text: string;
  expr: string;
  /** search_df keys of what FTS5 walks for it (tokens, or `X*` for a prefix). */
  dfKeys: string[];
  prefix: boolean;
  /** The key of its precomputed top list, when it is a single term that may have one. */
  topKey: string | null;
}

export interface Tier {
  name: TierName;
  /** Groups ANDed together; each group is phrases ORed. */
  groups: Phrase[][];
  /** Words to highlight for hits of this tier. */
  highlight: string[];
  /** Expression operator between groups. */
  op: 'AND' | 'OR';
}

export interface QueryPlan {
  query: string;
  tiers: Tier[];
}

export interface PinyinTerm {
  term: string;
  /** Spelled out in full pinyin, not just initials or a prefix. */
  exact: boolean;
}

export interface PlanSources {
  /** Course words spelled by these Latin letters as pinyin or initials, best first. */
  pinyinTerms(letters: string): PinyinTerm[];
  /** The other members of a word's synonym group. */
  synonyms(word: string): string[];
}


/** Question words, particles and fillers dropped from question-style queries. */
const STOPWORDS = new Set(
  (
    '如何 怎么 怎样 怎么样 怎么办 什么 为什么 为何 哪些 哪个 哪里 哪儿 哪 多少 几 是否 能否 可否 有没有 是不是 请问 请 ' +
    '吗 呢 吧 啊 呀 么 嘛 的 地 得 了 着 过 是 在 和 与 及 或 跟 对 把 被 给 让 向 从 要 会 能 该 应 应该 应当 可以 ' +
    '我 你 他 她 我们 你们 他们 这 那 这个 那个 这些 那些 有 有哪些 一下 一些 时 中 里 上 下 后 前 之 其 以 及其 还 也 都 就 才 又 再 很 ' +
    'how what why which the a an of to is are do does can in on for and or'
  ).split(/\s+/),
);

let segmenter: Intl.Segmenter | undefined;
/** Intl.Segmenter loads ICU's CJK dictionary on first use (~0.1 s); warmUpSegmenter() pays that early. */
function segment(run: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words: string[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) words.push(s.segment);
  return words;
}

export function warmUpSegmenter(): void {
  segment('客户投诉');
}

function isCjk(run: string): boolean {
  return isCjkChar(run[0] ?? '');
}

/** The phrase matching `text` (one run) as a substring (CJK) or word prefix (other scripts). */
export function phraseFor(text: string): Phrase {
  const chars = [...text];
  if (!isCjk(text)) {
    const first = chars[0] ?? '';
    return { text, expr: `"${text}"*`, dfKeys: [prefixKey(first)], prefix: true, topKey: null };
  }
  if (chars.length === 1) return { text, expr: `"${text}"*`, dfKeys: [prefixKey(text)], prefix: true, topKey: prefixKey(text) };
  const bigrams = chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
  return { text, expr: `"${bigrams.join(' ')}"`, dfKeys: bigrams, prefix: false, topKey: bigrams.length === 1 ? bigrams[0] : null };
}

/** `(a OR b) AND c` for groups [[a, b], [c]] (or `… OR c` with op OR). */
export function expression(groups: Phrase[][], op: 'AND' | 'OR' = 'AND'): string {
  const parts = groups.map((g) => (g.length === 1 ? g[0].expr : `(${g.map((p) => p.expr).join(' OR ')})`));
  return parts.join(` ${op} `);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Words of a query: CJK runs of three or more characters segmented, question words dropped, and
 * neighbouring single characters joined again (ICU splits words it does not know, e.g. 营/销, 首/问).
 */
export function queryWords(runs: string[]): string[] {
  const words: string[] = [];
  for (const run of runs) {
    if (!isCjk(run) || [...run].length < 3) {
      words.push(run);
      continue;
    }
    let single = '';
    for (const w of segment(run)) {
      if (STOPWORDS.has(w)) {
        if (single) words.push(single);
        single = '';
        words.push(w);
      } else if ([...w].length === 1) {
        single += w;
      } else {
        if (single) words.push(single);
        single = '';
        words.push(w);
      }
    }
    if (single) words.push(single);
  }
  const kept = words.filter((w) => !STOPWORDS.has(w));
  // Beside real words a lone character adds little but costs a long prefix scan (接 in 接/打电话).
  const longer = kept.filter((w) => [...w].length > 1);
  return uniq(longer.length ? longer : kept.length ? kept : words);
}

export function planQuery(query: string, sources: PlanSources): QueryPlan {
  const runs = textRuns(query);
  const tiers: Tier[] = [];
  if (!runs.length) return { query, tiers };
  const seen = new Set<string>();
  const add = (tier: Tier) => {
    const key = expression(tier.groups, tier.op);
    if (!key || seen.has(key)) return;
    seen.add(key);
    tiers.push(tier);
  };

  add({ name: 'phrase', groups: runs.map((r) => [phraseFor(r)]), highlight: uniq(runs), op: 'AND' });

  if (runs.every((r) => /^[a-z]+$/.test(r))) {
    const letters = runs.join('');
    if (letters.length <= 24) {
      // Homophones spelled in full (liyi → 利益, 礼仪) are ranked together; initials and prefixes
      // (ts → 投诉, 同事 …) one word at a time, the most frequent first.
      const terms = sources.pinyinTerms(letters);
      const exact = terms.filter((t) => t.exact).map((t) => t.term);
      if (exact.length) add({ name: 'pinyin', groups: [exact.map(phraseFor)], highlight: exact, op: 'AND' });
      for (const { term } of terms.filter((t) => !t.exact)) {
        add({ name: 'pinyin', groups: [[phraseFor(term)]], highlight: [term], op: 'AND' });
      }
    }
  }

  const words = queryWords(runs);
  const groups = words.map((w) => uniq([w, ...sources.synonyms(w)]));
  // Single characters left over by segmentation (首/问, 式) would light up half of every snippet.
  const all = uniq(groups.flat());
  const longer = all.filter((w) => [...w].length > 1);
  const highlight = longer.length ? longer : all;
  const phraseGroups = groups.map((g) => g.map(phraseFor));
  add({ name: 'words', groups: phraseGroups, highlight, op: 'AND' });
  // ORed words fill what the AND left free: a document with more of the words scores higher.
  if (phraseGroups.length > 1) add({ name: 'any', groups: phraseGroups, highlight, op: 'OR' });
  return { query, tiers };
}
