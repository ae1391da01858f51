import { z } from 'zod';
import type { ChapterSource, ContentIssue, SectionSource } from './model';
import { parseYaml } from './yamlLines';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase kebab-case');
const seed = z.string().regex(/^\d{3}$/, 'seed numbers look like "003"');

const frontMatter = z.strictObject({
  id: slug,
  order: z.number().int().min(1),
  title: z.string().min(1),
  summary: z.string().min(1),
  objectives: z.array(z.string().min(1)).min(3).max(6),
  sources: z.array(seed),
  sections: z.record(slug, z.array(seed)),
});

const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const HEADING_ID = /^(.*?)\s*\{#([a-z0-9][a-z0-9-]*)\}$/;
const RAW_HTML = /<\/?[a-zA-Z][^>]*>|<!--/;
const IMAGE = /!\[[^\]]*\]\(/;
const WEB_LINK = /\]\(\s*(?:https?:|www\.)|https?:\/\/|www\.[a-z0-9-]+\./i;

/** Parses one chapter file; problems are appended to `issues` with file:line. */
export function parseChapter(file: string, text: string, issues: ContentIssue[]): ChapterSource | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0] !== '---') {
    issues.push({ file, line: 1, reason: 'front matter missing: the file must start with a line "---"' });
    return null;
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) {
    issues.push({ file, line: 1, reason: 'front matter is not closed by a line "---"' });
    return null;
  }
  const before = issues.length;
  const parsed = parseYaml(file, lines.slice(1, end).join('\n'), issues, 1);
  if (!parsed) return null;
  const fm = frontMatter.safeParse(parsed.value);
  if (!fm.success) {
    for (const i of fm.error.issues) {
      const node = parsed.doc.getIn(i.path as (string | number)[], true) as Parameters<typeof parsed.lineOf>[0];
      issues.push({ file, line: parsed.lineOf(node), reason: `front matter ${i.path.join('.') || ''}: ${i.message}` });
    }
    return null;
  }

  const sections: SectionSource[] = [];
  const intro: string[] = [];
  let current: { section: SectionSource; body: string[] } | null = null;
  let parent: string | null = null;
  const flush = () => {
    if (current) current.section.markdown = current.body.join('\n').trim();
  };
  let inFence = false;
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    if (/^\s*```/.test(line)) inFence = !inFence;
    const h = inFence ? null : HEADING.exec(line);
    if (!h) {
      if (!inFence && RAW_HTML.test(line)) issues.push({ file, line: lineNo, reason: 'raw HTML is not allowed in course text' });
      else if (!inFence && IMAGE.test(line)) issues.push({ file, line: lineNo, reason: 'images are not allowed in course text' });
      else if (!inFence && WEB_LINK.test(line)) issues.push({ file, line: lineNo, reason: 'links to the web are not allowed in course text (the app is offline)' });
      (current ? current.body : intro).push(line);
      continue;
    }
    const level = h[1].length;
    const withId = HEADING_ID.exec(h[2]);
    if (level !== 2 && level !== 3) {
      issues.push({ file, line: lineNo, reason: `only ## sections and ### sub-sections are allowed, found ${h[1]}` });
      continue;
    }
    if (!withId) {
      issues.push({ file, line: lineNo, reason: 'heading needs a stable id: "## 标题 {#section-id}"' });
      continue;
    }
    const [, title, id] = withId;
    if (sections.some((s) => s.id === id)) issues.push({ file, line: lineNo, reason: `duplicate heading id "${id}"` });
    if (level === 3 && !parent) {
      issues.push({ file, line: lineNo, reason: 'a ### sub-section must follow a ## section' });
      continue;
    }
    flush();
    if (level === 2) parent = id;
    const section: SectionSource = { id, parentId: level === 3 ? parent : null, level, title, markdown: '', line: lineNo };
    sections.push(section);
    current = { section, body: [] };
  }
  flush();

  const { sections: sectionSources, ...rest } = fm.data;
  const topIds = sections.filter((s) => s.level === 2).map((s) => s.id);
  for (const s of sections) {
    if (s.level === 2 && !(s.id in sectionSources)) {
      issues.push({ file, line: s.line, reason: `section "${s.id}" is missing from the front matter "sections:" list of seeds` });
    }
  }
  for (const id of Object.keys(sectionSources)) {
    if (!topIds.includes(id)) issues.push({ file, line: 2, reason: `front matter lists section "${id}" but there is no "## … {#${id}}"` });
  }
  if (topIds.length === 0) issues.push({ file, line: end + 2, reason: 'a chapter needs at least one ## section' });
  if (issues.length > before) return null;
  return { file, ...rest, sectionSources, intro: intro.join('\n').trim(), sections };
}
