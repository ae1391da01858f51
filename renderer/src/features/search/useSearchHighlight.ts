import { useEffect, useState } from 'react';
import { highlightTerms } from './searchLink';

const ALL = 'search-hit';
const FIRST = 'search-hit-first';
/** Text inside these is UI, not course text. */
const SKIP = 'button, textarea, input, select, .section-tools, [aria-hidden="true"]';

/** Ranges of every occurrence of any term in the text under `root` (case-insensitive, may span elements). */
export function findTextRanges(root: Element, terms: string[]): Range[] {
  const nodes: { node: Text; start: number }[] = [];
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n as Text, start: text.length });
    text += (n as Text).data;
  }
  const folded = text.toLowerCase();
  const spans: [number, number][] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    for (let at = folded.indexOf(term); at >= 0 && spans.length < 500; at = folded.indexOf(term, at + term.length)) {
      if (!spans.some(([a, b]) => at < b && at + term.length > a)) spans.push([at, at + term.length]);
    }
  }
  spans.sort((x, y) => x[0] - y[0]);
  const locate = (offset: number, end: boolean) => {
    let i = nodes.length - 1;
    while (i > 0 && (end ? nodes[i].start >= offset : nodes[i].start > offset)) i--;
    return { node: nodes[i].node, offset: offset - nodes[i].start };
  };
  return spans.map(([a, b]) => {
    const range = document.createRange();
    const s = locate(a, false);
    const e = locate(b, true);
    range.setStart(s.node, s.offset);
    range.setEnd(e.node, e.offset);
    return range;
  });
}

function clear(): void {
  CSS.highlights?.delete(ALL);
  CSS.highlights?.delete(FIRST);
}

/**
 * After the reader opened a search hit (`#/chapter/<id>/<section>?hl=…`): highlights the words in that
 * section with the CSS Custom Highlight API (no change to the DOM React owns) and scrolls the first one
 * into view. Returns how many places were highlighted.
 */
export function useSearchHighlight(ready: boolean, sectionId: string | undefined): number {
  const [hash, setHash] = useState(() => window.location.hash);
  const [count, setCount] = useState(0);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    const terms = highlightTerms(hash);
    const root = sectionId ? document.getElementById(`s-${sectionId}`) : null;
    if (!ready || !root || !terms.length) {
      setCount(0);
      return;
    }
    const ranges = findTextRanges(root, terms);
    setCount(ranges.length);
    if (!ranges.length) return;
    if (typeof Highlight !== 'undefined' && CSS.highlights) {
      CSS.highlights.set(ALL, new Highlight(...ranges));
      CSS.highlights.set(FIRST, new Highlight(ranges[0]));
    }
    const box = ranges[0].getBoundingClientRect();
    const headerBottom = document.querySelector('.app-header')?.getBoundingClientRect().bottom ?? 0;
    if (box.top < headerBottom + 8 || box.bottom > window.innerHeight - 24) {
      window.scrollTo({ top: window.scrollY + box.top - window.innerHeight / 3 });
    }
    root.dataset.searchHits = String(ranges.length);
    return () => {
      clear();
      delete root.dataset.searchHits;
    };
  }, [ready, sectionId, hash]);
  return count;
}
