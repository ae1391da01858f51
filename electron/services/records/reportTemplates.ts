/**
 * Printable HTML of the PDF reports: an attempt's score report, a session report and a certificate.
 * Self-contained pages (inline CSS, no fonts, images or scripts fetched) with a print stylesheet for A4;
 * Chinese is set in Noto Sans CJK (Linux) or Microsoft YaHei (Windows).
 */
import type { CertificateInfo, RecordRow, RecordStats } from '../../shared/recordTypes';
import type { AttemptRecord } from './attemptRecord';
import type { ChapterScoreRow } from './exportSheets';
import { localDateTime } from './exportWriters';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const num = (x: number | null, digits = 1): string => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits));
const percent = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');
const time = (ms: number | null): string => (ms === null ? '—' : localDateTime(ms, false));

const SUBMIT_NAMES: Record<string, string> = { candidate: '考生交卷', auto: '到时自动交卷', proctor: '监考收卷', focus_limit: '切屏超限收卷' };
const STATE_NAMES: Record<string, string> = { not_started: '未开始', in_progress: '作答中', pending_grading: '待阅卷', final: '已完成' };

const FONT = `'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif`;

const BASE_CSS = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: ${FONT}; color: #1f2937; font-size: 10.5pt; line-height: 1.5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 19pt; margin: 0 0 2mm; color: #0f3d66; }
h2 { font-size: 12.5pt; margin: 7mm 0 2.5mm; color: #0f3d66; border-left: 3px solid #1d6fb8; padding-left: 2.5mm; }
.sub { color: #64748b; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.6pt solid #cbd5e1; padding: 1.6mm 2.2mm; text-align: left; vertical-align: top; }
th { background: #eef4fa; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm 6mm; margin-bottom: 4mm; }
.grid div { border-bottom: 0.6pt solid #e2e8f0; padding: 1mm 0; }
.grid b { color: #64748b; font-weight: 400; margin-right: 2mm; }
.score { display: flex; align-items: center; gap: 8mm; border: 0.8pt solid #cbd5e1; border-radius: 2mm; padding: 4mm 6mm; margin: 3mm 0 2mm; }
.score .big { font-size: 30pt; font-weight: 700; color: #0f3d66; line-height: 1; }
.score .big small { font-size: 13pt; color: #64748b; font-weight: 400; }
.badge { display: inline-block; padding: 1mm 4mm; border-radius: 10mm; font-weight: 700; font-size: 13pt; }
.pass { background: #dcfce7; color: #166534; }
.fail { background: #fee2e2; color: #991b1b; }
.wait { background: #fef3c7; color: #92400e; }
.mono { font-family: 'Noto Sans Mono CJK SC', 'Consolas', monospace; font-size: 8.5pt; word-break: break-all; }
.foot { margin-top: 8mm; color: #64748b; font-size: 8.5pt; border-top: 0.6pt solid #e2e8f0; padding-top: 2mm; }
.cards { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2.5mm; }
.cards div { border: 0.6pt solid #cbd5e1; border-radius: 1.5mm; padding: 2mm; text-align: center; }
.cards b { display: block; font-size: 15pt; color: #0f3d66; }
.cards span { color: #64748b; font-size: 8.5pt; }
.bar { background: #1d6fb8; height: 3mm; border-radius: 0.5mm; }
`;

function page(title: string, body: string, extraCss = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${BASE_CSS}${extraCss}</style></head><body>${body}</body></html>`;
}

function passBadge(passed: boolean | null): string {
  if (passed === null) return '<span class="badge wait">待评定</span>';
  return passed ? '<span class="badge pass">通过</span>' : '<span class="badge fail">未通过</span>';
}

export interface AttemptReportData {
  record: AttemptRecord;
  passed: boolean | null;
  chapters: ChapterScoreRow[];
  certificate: CertificateInfo | null;
  generatedAt: number;
}

export function attemptReportHtml(d: AttemptReportData): string {
  const r = d.record;
  const chapterRows = d.chapters
    .map((c) => `<tr><td>${esc(c.chapterTitle)}</td><td class="n">${num(c.score)}</td><td class="n">${num(c.max)}</td><td class="n">${percent(c.score, c.max)}</td></tr>`)
    .join('');
  const body = `
<h1>${esc(r.session.title)} · 成绩单</h1>
<p class="sub">客服岗位技能认证 · 场次 ${esc(r.session.code)}</p>
<div class="grid">
  <div><b>姓名</b>${esc(r.candidate.name)}</div>
  <div><b>工号</b>${esc(r.candidate.employeeId)}</div>
  <div><b>网点</b>${esc(r.candidate.branch || '—')}</div>
  <div><b>考试日期</b>${esc(r.session.date)}</div>
  <div><b>考场</b>${esc(r.session.room || '—')}</div>
  <div><b>时长</b>${r.session.timeLimitMinutes} 分钟</div>
  <div><b>开始时间</b>${time(r.startedAt)}</div>
  <div><b>交卷时间</b>${time(r.submittedAt)}</div>
  <div><b>交卷方式</b>${r.submitKind ? SUBMIT_NAMES[r.submitKind] : '—'}</div>
</div>
<div class="score">
  <div class="big">${num(r.score)}<small> / ${num(r.maxScore)} 分</small></div>
  <div>及格线 ${num(r.session.passScore)} 分<br>得分率 ${r.score === null ? '—' : percent(r.score, r.maxScore)}</div>
  <div style="margin-left:auto">${passBadge(d.passed)}</div>
</div>
${r.pendingEssays > 0 ? `<p>尚有 ${r.pendingEssays} 道简答题待阅卷，成绩为暂计。</p>` : ''}
<h2>各章节得分</h2>
<table><thead><tr><th>章节</th><th class="n">得分</th><th class="n">满分</th><th class="n">得分率</th></tr></thead><tbody>${chapterRows}</tbody></table>
${d.certificate ? `<h2>证书</h2><p>证书编号 <b>${esc(d.certificate.number)}</b>&emsp;验证码 <span class="mono">${esc(d.certificate.code)}</span></p>` : ''}
<div class="foot">
  试卷指纹 <span class="mono">${esc(r.fingerprint)}</span><br>
  记录ID <span class="mono">${esc(r.uid)}</span>&emsp;内容版本 ${esc(r.contentVersion)}&emsp;生成时间 ${time(d.generatedAt)}
</div>`;
  return page(`成绩单 ${r.candidate.name}`, body);
}

export interface SessionReportData {
  session: { code: string; title: string; date: string; room: string; blueprintId: string };
  rows: RecordRow[];
  stats: RecordStats;
  generatedAt: number;
}

export function sessionReportHtml(d: SessionReportData): string {
  const s = d.stats;
  const maxBin = Math.max(1, ...s.histogram.map((b) => b.count));
  const histogram = s.histogram
    .map((b) => `<tr><td>${b.from}–${b.to}%</td><td class="n">${b.count}</td><td style="width:60%"><div class="bar" style="width:${((100 * b.count) / maxBin).toFixed(1)}%"></div></td></tr>`)
    .join('');
  const chapters = s.byChapter.map((c) => `<tr><td>${esc(c.chapterTitle)}</td><td class="n">${c.mastery.toFixed(1)}%</td></tr>`).join('');
  const list = d.rows
    .map(
      (r, i) =>
        `<tr><td class="n">${i + 1}</td><td>${esc(r.employeeId)}</td><td>${esc(r.name)}</td><td>${esc(r.branch)}</td><td>${STATE_NAMES[r.state] ?? r.state}</td><td class="n">${num(r.score)}</td><td>${r.passed === null ? '—' : r.passed ? '通过' : '<span style="color:#991b1b">未通过</span>'}</td><td>${r.submitKind ? SUBMIT_NAMES[r.submitKind] : '—'}</td></tr>`,
    )
    .join('');
  const body = `
<h1>${esc(d.session.title)} · 场次报告</h1>
<p class="sub">场次 ${esc(d.session.code)}&emsp;考试日期 ${esc(d.session.date)}&emsp;考场 ${esc(d.session.room || '—')}&emsp;组卷方案 ${esc(d.session.blueprintId)}</p>
<div class="cards">
  <div><b>${s.attempts}</b><span>参考人次</span></div>
  <div><b>${s.graded}</b><span>已评定</span></div>
  <div><b>${s.passRate === null ? '—' : `${(s.passRate * 100).toFixed(1)}%`}</b><span>通过率</span></div>
  <div><b>${num(s.mean)}</b><span>平均分</span></div>
  <div><b>${num(s.median)}</b><span>中位数</span></div>
  <div><b>${num(s.sd)}</b><span>标准差</span></div>
</div>
<h2>成绩分布（占满分 ${num(s.maxScore)} 分的比例）</h2>
<table><thead><tr><th>区间</th><th class="n">人数</th><th></th></tr></thead><tbody>${histogram}</tbody></table>
<h2>章节掌握度</h2>
<table><thead><tr><th>章节</th><th class="n">平均得分率</th></tr></thead><tbody>${chapters || '<tr><td colspan="2">—</td></tr>'}</tbody></table>
<h2>考生成绩</h2>
<table><thead><tr><th class="n">序号</th><th>工号</th><th>姓名</th><th>网点</th><th>状态</th><th class="n">得分</th><th>结果</th><th>交卷方式</th></tr></thead><tbody>${list}</tbody></table>
<div class="foot">生成时间 ${time(d.generatedAt)}&emsp;统计只计已完成（已阅卷）的考试。</div>`;
  return page(`场次报告 ${d.session.code}`, body);
}

export interface CertificateData {
  record: AttemptRecord;
  certificate: CertificateInfo;
}

const CERT_CSS = `
@page { size: A4 landscape; margin: 0; }
body { font-size: 13pt; }
.frame { position: absolute; inset: 10mm; border: 2.2mm double #b08d3c; padding: 16mm 22mm 12mm; display: flex; flex-direction: column; }
.frame::before { content: ''; position: absolute; inset: 3mm; border: 0.5mm solid #d6bf7e; pointer-events: none; }
.cert-title { text-align: center; font-size: 32pt; letter-spacing: 6mm; color: #7a5b14; margin: 2mm 0 1mm; font-weight: 700; }
.cert-sub { text-align: center; color: #8a7447; letter-spacing: 1mm; margin-bottom: 10mm; }
.cert-body { font-size: 15pt; line-height: 2.1; text-indent: 2em; }
.cert-body b { font-size: 17pt; color: #0f3d66; white-space: nowrap; }
.cert-meta { margin-top: auto; display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 10mm; font-size: 11pt; }
.cert-meta b { color: #64748b; font-weight: 400; margin-right: 2mm; }
.cert-meta .mono { font-size: 11pt; letter-spacing: 0.3mm; }
.cert-note { margin-top: 4mm; font-size: 9pt; color: #8a7447; }
`;

export function certificateHtml(d: CertificateData): string {
  const r = d.record;
  const c = d.certificate;
  const body = `
<div class="frame">
  <div class="cert-title">岗位技能认证证书</div>
  <div class="cert-sub">客服岗位技能认证 · CERTIFICATE OF COMPETENCE</div>
  <div class="cert-body">
    兹证明 <b>${esc(r.candidate.name)}</b>（工号 ${esc(r.candidate.employeeId)}${r.candidate.branch ? `，${esc(r.candidate.branch)}` : ''}）于
    ${esc(r.session.date)} 参加 <b>${esc(r.session.title)}</b>，成绩 <b>${num(r.score)}</b> 分（满分 ${num(r.maxScore)} 分，及格线 ${num(r.session.passScore)} 分），考核合格，特发此证。
  </div>
  <div class="cert-meta">
    <div><b>证书编号</b>${esc(c.number)}</div>
    <div><b>考试日期</b>${esc(r.session.date)}</div>
    <div style="grid-column: 1 / 3"><b>验证码</b><span class="mono">${esc(c.code)}</span></div>
    <div style="grid-column: 1 / 3"><b>签发机构指纹</b><span class="mono">${esc(c.signerFingerprint)}</span></div>
  </div>
  <div class="cert-note">验证码为签发机构对证书内容的数字签名，可在本系统“证书核验”中离线核验。</div>
</div>`;
  return page(`证书 ${c.number}`, body, CERT_CSS);
}
