import type { ChangeCount, CheckReport, PackSummary, SystemInfo } from '../shared/types';

export function formatInfo(i: SystemInfo): string {
  return [
    `程序版本 / app version:      ${i.appVersion}`,
    `数据目录 / data folder:      ${i.dataDir}`,
    `用户库 / user.db:            ${i.user.path} (schema v${i.user.schemaVersion})`,
    `课程库 / content.db:         ${i.content.path} (schema v${i.content.schemaVersion}, content ${i.content.contentVersion}, built ${i.content.builtAt})`,
    `章节 / chapters:             ${i.counts.chapters}`,
    `小节 / sections:             ${i.counts.sections}`,
    `题目 / questions:            ${i.counts.questions}`,
    `组卷方案 / blueprints:       ${i.counts.blueprints}`,
    `课程字数 / characters:       ${i.counts.characters}`,
  ].join('\n');
}

export function formatCheck(r: CheckReport): string {
  const mark = (ok: boolean) => (ok ? '正常 / ok' : '有问题 / PROBLEM');
  return [
    `用户库 / user.db:       ${mark(r.user.ok)}${r.user.problems.length ? `\n  ${r.user.problems.join('\n  ')}` : ''}`,
    `课程库 / content.db:    ${mark(r.content.ok)}`,
    `审计链 / audit chain:   ${mark(r.audit.ok)}${r.audit.firstBrokenEntry ? ` (first broken entry #${r.audit.firstBrokenEntry})` : ''}`,
    `备份 / backups (${r.backups.length}):`,
    ...r.backups.map((b) => `  ${b.ok ? '✓' : '✗'} ${b.file}  ${b.bytes} bytes  schema v${b.schemaVersion}`),
  ].join('\n');
}

export function formatPack(p: PackSummary): string {
  const c = (n: ChangeCount) => `+${n.added} ~${n.changed} -${n.removed}`;
  return [
    `内容包 / pack: ${p.title} (${p.currentVersion} → ${p.contentVersion})`,
    `章节 / chapters:   ${c(p.chapters)}`,
    `小节 / sections:   ${c(p.sections)}`,
    `题目 / questions:  ${c(p.questions)}`,
    `组卷 / blueprints: ${c(p.blueprints)}`,
    `共 / totals: ${p.totals.chapters} chapters, ${p.totals.questions} questions, ${p.totals.blueprints} blueprints`,
  ].join('\n');
}
