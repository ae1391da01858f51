import { LineCounter, parseDocument, isSeq, type Node } from 'yaml';
import type { ContentIssue } from './model';

export interface ParsedYaml {
  value: unknown;
  /** 1-based line of a node, or of the document start. */
  lineOf: (node: Node | null | undefined) => number;
  doc: ReturnType<typeof parseDocument>;
}

/** Parses YAML keeping line numbers; syntax errors become issues. `lineOffset` shifts embedded YAML. */
export function parseYaml(file: string, text: string, issues: ContentIssue[], lineOffset = 0): ParsedYaml | null {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) =>
    (node?.range ? lc.linePos(node.range[0]).line : 1) + lineOffset;
  if (doc.errors.length) {
    for (const e of doc.errors) {
      issues.push({ file, line: lc.linePos(e.pos[0]).line + lineOffset, reason: `YAML: ${e.message.split('\n')[0]}` });
    }
    return null;
  }
  return { value: doc.toJS(), lineOf, doc };
}

/** For a YAML list document, the line of each item. */
export function itemLines(parsed: ParsedYaml): number[] {
  const contents = parsed.doc.contents;
  return isSeq(contents) ? contents.items.map((n) => parsed.lineOf(n as Node)) : [];
}
