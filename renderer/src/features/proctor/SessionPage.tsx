import { useEffect, useState, type FormEvent } from 'react';
import type { AttemptSummary, AuditEntryView, ExamSessionView, RosterImportReport } from '../../../../electron/shared/examTypes';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { useI18n, type Translate } from '../../i18n/i18n';
import { href } from '../../router';
import { formatClock } from '../practice/Countdown';
import { fileToBase64 } from '../records/files';
import { ReasonDialog, type ReasonRequest } from './ReasonDialog';
import { StaffGate } from './StaffGate';
import { ExportSessionPackage } from './SessionPackage';
import { recordsQuery } from '../records/filterQuery';
import './proctor.css';

const REFRESH_MS = 5_000;

/** #/proctor/session/<id>: the session code and status, the roster with live attempts, actions, audit trail. */
export function SessionPage({ sessionId }: { sessionId: number }) {
  return (
    <StaffGate>
      <SessionScreen sessionId={sessionId} />
    </StaffGate>
  );
}

export function attemptStateText(t: Translate, a: AttemptSummary | null): string {
  if (!a) return t('proctor.state.not_started');
  if (a.state === 'in_progress') return t('proctor.state.in_progress');
  const kind = a.submitKind ? t(`proctor.kind.${a.submitKind}`) : '';
  return `${t(`proctor.state.${a.state}`)}（${kind}）`;
}

function SessionScreen({ sessionId }: { sessionId: number }) {
  const { t, locale } = useI18n();
  const [view, reload] = useCall('proctor.getSession', { sessionId });
  const [audit, reloadAudit] = useCall('proctor.audit', { sessionId });
  const [dialog, setDialog] = useState<ReasonRequest | null>(null);
  const [actionError, setActionError] = useState<string>();
  // Live view: remaining time, answered counts and focus losses move while candidates work.
  useEffect(() => {
    const id = setInterval(() => {
      reload();
      reloadAudit();
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload, reloadAudit]);
  const [last, setLast] = useState<ExamSessionView | null>(null);
  useEffect(() => {
    if (view.state === 'ready') setLast(view.value);
  }, [view]);
  const [lastAudit, setLastAudit] = useState<AuditEntryView[]>([]);
  useEffect(() => {
    if (audit.state === 'ready') setLastAudit(audit.value);
  }, [audit]);

  if (!last) return view.state === 'error' ? <ErrorBox error={view.error} onRetry={reload} /> : <Loading />;
  const s = last;
  const done = () => {
    reload();
    reloadAudit();
  };
  const act = (request: ReasonRequest) => setDialog({ ...request, onSubmit: async (v) => (await request.onSubmit(v), done()) });
  const setStatus = async (action: 'open' | 'pause' | 'resume' | 'close', reason = '') => {
    setActionError(undefined);
    try {
      await call('proctor.setSessionStatus', { sessionId, action, ...(reason ? { reason } : {}) });
      done();
    } catch (e) {
      setActionError(errorText(e, locale));
    }
  };

  return (
    <section className="proctor" aria-labelledby="session-heading">
      <a className="back" href={href({ name: 'proctor' })}>
        ← {t('proctor.backToSessions')}
      </a>
      <h1 id="session-heading">{s.title}</h1>
      <div className="card session-head">
        <div className="session-code">
          <span className="muted">{t('proctor.code')}</span>
          <strong data-testid="session-code">{s.code}</strong>
        </div>
        <dl className="facts">
          <dt>{t('proctor.status')}</dt>
          <dd>
            <span className={`badge session-${s.status}`} data-testid="session-status">
              {t(`proctor.sessionStatus.${s.status}`)}
            </span>
          </dd>
          <dt>{t('proctor.dateRoom')}</dt>
          <dd>
            {s.date} {s.room}
          </dd>
          <dt>{t('proctor.rules')}</dt>
          <dd>
            {t('proctor.rulesText', { minutes: s.timeLimitMinutes, pass: s.passScore, max: s.maxScore })} · {t(`proctor.scoring.${s.settings.multipleScoring}`)}
            {s.settings.focusLossLimit > 0 ? ` · ${t('proctor.focusLimitShort', { n: s.settings.focusLossLimit })}` : ''}
          </dd>
        </dl>
        <div className="actions">
          {s.status === 'draft' && (
            <button type="button" onClick={() => void setStatus('open')}>
              {t('proctor.action.open')}
            </button>
          )}
          {s.status === 'open' && (
            <button type="button" className="secondary" onClick={() => act({ title: t('proctor.action.pause'), reasonRequired: false, confirm: t('proctor.action.pause'), onSubmit: ({ reason }) => setStatus('pause', reason) })}>
              {t('proctor.action.pause')}
            </button>
          )}
          {s.status === 'paused' && (
            <button type="button" onClick={() => void setStatus('resume')}>
              {t('proctor.action.resume')}
            </button>
          )}
          {s.status !== 'closed' && (
            <button type="button" className="secondary danger" onClick={() => act({ title: t('proctor.closeTitle'), reasonRequired: false, confirm: t('proctor.action.close'), onSubmit: ({ reason }) => setStatus('close', reason) })}>
              {t('proctor.action.close')}
            </button>
          )}
          <ExportSessionPackage sessionId={sessionId} />
          <a className="button-link secondary" href={href({ name: 'records', query: recordsQuery({ sessionCode: s.code }) })}>
            {t('records.ofSession')}
          </a>
        </div>
        {actionError && (
          <p className="field-error" role="alert">
            {actionError}
          </p>
        )}
      </div>

      <h2>{t('proctor.roster', { n: s.roster.length })}</h2>
      <table className="data-table roster">
        <thead>
          <tr>
            <th>{t('proctor.employeeId')}</th>
            <th>{t('proctor.name')}</th>
            <th>{t('proctor.branch')}</th>
            <th>{t('proctor.attemptState')}</th>
            <th>{t('proctor.remaining')}</th>
            <th>{t('proctor.answered')}</th>
            <th>{t('proctor.focusLosses')}</th>
            <th>{t('proctor.score')}</th>
            <th>{t('proctor.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {s.roster.map((c) => {
            const a = c.attempt;
            return (
              <tr key={c.candidateId} data-employee={c.employeeId}>
                <td>{c.employeeId}</td>
                <td>
                  {c.name}
                  {c.walkIn && <span className="badge walk-in">{t('proctor.walkIn')}</span>}
                </td>
                <td>{c.branch}</td>
                <td className={`state-${a?.state ?? 'not_started'}`} data-testid="attempt-state">
                  {attemptStateText(t, a)}
                </td>
                <td>{a && a.state === 'in_progress' ? formatClock(a.remainingMs) : '—'}</td>
                <td>{a ? `${a.answered} / ${a.total}${a.flagged ? ` ⚑${a.flagged}` : ''}` : '—'}</td>
                <td className={a && a.focusLosses > 0 ? 'focus-alert' : ''} data-testid="focus-losses">
                  {a ? a.focusLosses : '—'}
                </td>
                <td data-testid="attempt-score">
                  {a?.score !== null && a?.score !== undefined ? `${a.score}${a.passed === true ? ` ${t('proctor.pass')}` : a.passed === false ? ` ${t('proctor.fail')}` : ''}` : '—'}
                </td>
                <td>
                  <div className="row-actions">
                  {a && (
                    <a href={href({ name: 'proctorAttempt', attemptId: a.id })} className="button-link secondary small">
                      {a.pendingEssays > 0 ? t('proctor.grade') : t('proctor.details')}
                    </a>
                  )}
                  {a?.state === 'in_progress' && (
                    <>
                      <button type="button" className="secondary small" onClick={() => act({ title: t('proctor.extendTitle', { name: c.name }), minutes: 10, confirm: t('proctor.action.extend'), onSubmit: async ({ minutes, reason }) => void (await call('proctor.extendTime', { attemptId: a.id, minutes, reason })) })}>
                        {t('proctor.action.extend')}
                      </button>
                      <button type="button" className="secondary small" onClick={() => act({ title: t('proctor.creditTitle', { name: c.name }), minutes: 5, confirm: t('proctor.action.credit'), onSubmit: async ({ minutes, reason }) => void (await call('proctor.creditTime', { attemptId: a.id, minutes, reason })) })}>
                        {t('proctor.action.credit')}
                      </button>
                      <button type="button" className="secondary small danger" onClick={() => act({ title: t('proctor.forceTitle', { name: c.name }), confirm: t('proctor.action.forceSubmit'), onSubmit: async ({ reason }) => void (await call('proctor.forceSubmit', { attemptId: a.id, reason })) })}>
                        {t('proctor.action.forceSubmit')}
                      </button>
                    </>
                  )}
                  {a && a.state !== 'in_progress' && s.status !== 'closed' && (
                    <button type="button" className="secondary small" onClick={() => act({ title: t('proctor.reopenTitle', { name: c.name }), minutes: 10, confirm: t('proctor.action.reopen'), onSubmit: async ({ minutes, reason }) => void (await call('proctor.reopen', { attemptId: a.id, minutes, reason })) })}>
                      {t('proctor.action.reopen')}
                    </button>
                  )}
                  {!a && s.status !== 'closed' && (
                    <button type="button" className="secondary small" onClick={() => void call('proctor.removeCandidate', { candidateId: c.candidateId }).then(done, (e: unknown) => setActionError(errorText(e, locale)))}>
                      {t('proctor.remove')}
                    </button>
                  )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {s.status !== 'closed' && (
        <div className="roster-tools">
          <AddCandidate sessionId={sessionId} onAdded={done} />
          <ImportRoster sessionId={sessionId} onImported={done} />
        </div>
      )}

      <h2>{t('proctor.audit')}</h2>
      <AuditTable entries={lastAudit} targetLabel={(target) => targetName(s, target, t)} />
      {dialog && <ReasonDialog request={dialog} onClose={() => setDialog(null)} />}
    </section>
  );
}

function AddCandidate({ sessionId, onAdded }: { sessionId: number; onAdded: () => void }) {
  const { t, locale } = useI18n();
  const [form, setForm] = useState({ employeeId: '', name: '', branch: '' });
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await call('proctor.addCandidate', { sessionId, candidate: { employeeId: form.employeeId.trim(), name: form.name.trim(), branch: form.branch.trim() } });
      setForm({ employeeId: '', name: '', branch: '' });
      onAdded();
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  return (
    <form className="card add-candidate" onSubmit={submit} aria-labelledby="add-candidate-heading">
      <h3 id="add-candidate-heading">{t('proctor.addCandidate')}</h3>
      <Field label={t('proctor.employeeId')} value={form.employeeId} onChange={(e) => setForm({ ...form, employeeId: e.target.value })} required maxLength={32} />
      <Field label={t('proctor.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={40} />
      <Field label={t('proctor.branch')} value={form.branch} onChange={(e) => setForm({ ...form, branch: e.target.value })} maxLength={60} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('proctor.add')}</button>
    </form>
  );
}

/** Reads a CSV as UTF-8, falling back to GB18030 (Excel on Chinese Windows saves CSV that way). */
async function readCsv(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function ImportRoster({ sessionId, onImported }: { sessionId: number; onImported: () => void }) {
  const { t, locale } = useI18n();
  const [report, setReport] = useState<RosterImportReport | null>(null);
  const [error, setError] = useState<string>();
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setReport(null);
    try {
      const xlsx = /\.xlsx$/i.test(file.name);
      const r = await call('proctor.importRoster', { sessionId, format: xlsx ? 'xlsx' : 'csv', data: xlsx ? await fileToBase64(file) : await readCsv(file) });
      setReport(r);
      onImported();
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  return (
    <div className="card import-roster">
      <h3>{t('proctor.importRoster')}</h3>
      <p className="muted">{t('proctor.importHint')}</p>
      <label className="file-pick">
        <span className="button-link secondary">{t('proctor.chooseFile')}</span>
        <input type="file" accept=".csv,.xlsx,text/csv" className="visually-hidden" data-testid="roster-file" onChange={(e) => void pick(e.target.files?.[0])} />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div role="status" data-testid="import-report">
          <p className="ok-text">{t('proctor.imported', { n: report.added })}</p>
          {report.errors.length > 0 && (
            <ul className="import-errors">
              {report.errors.map((e, i) => (
                <li key={i}>{e.message[locale]}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

const AUDIT_ACTIONS = [
  'exam.session_create',
  'exam.session_open',
  'exam.session_pause',
  'exam.session_resume',
  'exam.session_close',
  'exam.roster_add',
  'exam.roster_import',
  'exam.roster_remove',
  'exam.start',
  'exam.resume',
  'exam.submit',
  'exam.auto_submit',
  'exam.force_submit',
  'exam.focus_limit_submit',
  'exam.focus_loss',
  'exam.extend',
  'exam.credit',
  'exam.reopen',
  'exam.grade_essay',
  'exam.clock_change',
  'exam.kiosk_unlock',
] as const;
type AuditAction = (typeof AUDIT_ACTIONS)[number];

function auditLabel(t: Translate, action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`audit.${action as AuditAction}`) : action;
}

/** Entries without a staff actor that the candidate caused (the rest are the system's: deadline, clock). */
const BY_CANDIDATE = new Set(['exam.start', 'exam.resume', 'exam.submit', 'exam.focus_loss', 'exam.focus_limit_submit']);

const DETAIL_KEYS = ['reason', 'comment', 'minutes', 'added', 'errors', 'employeeId', 'score', 'gapMs', 'jumpMs', 'kind', 'count', 'no', 'awards', 'attemptsSubmitted', 'pausedMs'];

/** "exam-attempt:12" → the candidate's name and employee id; the session itself → 本场次. */
function targetName(s: ExamSessionView, target: string | null, t: Translate): string {
  if (!target) return '—';
  if (target === `exam-session:${s.id}`) return t('proctor.thisSession');
  const id = /^exam-attempt:(\d+)$/.exec(target)?.[1];
  const c = id ? s.roster.find((r) => r.attempt?.id === Number(id)) : undefined;
  return c ? `${c.name}（${c.employeeId}）` : target;
}

export function AuditTable({ entries, targetLabel = (x) => x ?? '—' }: { entries: AuditEntryView[]; targetLabel?: (target: string | null) => string }) {
  const { t, formatDate } = useI18n();
  if (!entries.length) return <p className="muted">{t('proctor.noAudit')}</p>;
  return (
    <table className="data-table audit" data-testid="audit-table">
      <thead>
        <tr>
          <th>{t('proctor.when')}</th>
          <th>{t('proctor.who')}</th>
          <th>{t('proctor.what')}</th>
          <th>{t('proctor.target')}</th>
          <th>{t('proctor.details')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-action={e.action}>
            <td>{formatDate(e.at)}</td>
            <td>{e.actor ?? (BY_CANDIDATE.has(e.action) ? t('proctor.candidateActor') : t('proctor.system'))}</td>
            <td>{auditLabel(t, e.action)}</td>
            <td>{targetLabel(e.target)}</td>
            <td className="audit-details">
              {DETAIL_KEYS.filter((k) => e.details[k] !== undefined)
                .map((k) => `${k}: ${typeof e.details[k] === 'object' ? JSON.stringify(e.details[k]) : String(e.details[k])}`)
                .join('；')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
