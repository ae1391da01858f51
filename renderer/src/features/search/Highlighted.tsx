import type { HighlightRange } from '../../../../electron/shared/calls/search';
import type { ReactNode } from 'react';

/** Text with the given [start, end) ranges wrapped in <mark>; no HTML is ever parsed. */
export function Highlighted({ text, ranges }: { text: string; ranges: HighlightRange[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([a, b], i) => {
    const start = Math.max(at, Math.min(a, text.length));
    const end = Math.max(start, Math.min(b, text.length));
    if (start > at) parts.push(text.slice(at, start));
    if (end > start) parts.push(<mark key={i}>{text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
