import type { RecordDetail, RecordItemView } from '../../../../electron/shared/recordTypes';
import { call } from '../../api/client';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useAnswerText } from '../practice/AnswerText';
import { StaffGate } from '../proctor/StaffGate';
import { ExportStatus } from './ExportStatus';
import { groupFingerprint } from './files';
import { recordsQuery } from './filterQuery';
import { useRecordFormat } from './format';
import { useExportJob } from './useExportJob';
import './records.css';

/** #/records/attempt/<uid>: one attempt in full, with its score report and certificate as PDF. */
export function AttemptDetailPage({ uid }: { uid: string }) {
  return (
    <StaffGate>
      <AttemptDetailScreen uid={uid} />
    </StaffGate>
  );
}

function AttemptDetailScreen({ uid }: { uid: string }) {
  const [detail, reload] = useCall('records.attempt', { uid });
  if (detail.state === 'loading') return <Loading />;
  if (detail.state === 'error') return <ErrorBox error={detail.error} onRetry={reload} />;
  return <AttemptDetail d={detail.value} />;
}

function AttemptDetail({ d }: { d: RecordDetail }) {
  const { t, formatDate, formatNumber } = useI18n();
  const f = useRecordFormat();
  const r = d.row;
  const { run, start, cancel, busy } = useExportJob();
  return (
    <section className="records record-detail" aria-labelledby="detail-heading">
      <a className="back" href={href({ name: 'records', query: recordsQuery({ sessionCode: r.sessionCode }) })}>
        ← {t('records.backToSession', { title: r.sessionTitle })}
      </a>
      <h1 id="detail-heading">
        <a href={href({ name: 'recordPerson', employeeId: r.employeeId })}>{r.name}</a>（{r.employeeId}）· {r.sessionTitle}
      </h1>

      <div className="detail-top">
        <div className={`card score-card ${r.passed ? 'is-pass' : ''}`} data-testid="detail-score">
          <div className="score-main">
            <span className="score-value">{f.score(r.score)}</span>
            <span className="score-max">/ {f.score(r.maxScore)}</span>
          </div>
          <p>
            <span className={`badge ${r.passed === true ? 'ok' : r.passed === false ? 'bad' : 'partial'}`} data-testid="detail-result">
              {f.result(r)}
            </span>{' '}
            {t('records.passMark', { n: f.score(r.passScore) })}
          </p>
        </div>
        <div className="card detail-exports" aria-labelledby="detail-exports-heading">
          <h2 id="detail-exports-heading">{t('records.export.pdfHeading')}</h2>
          <div className="actions wrap">
            <button type="button" disabled={busy} onClick={() => void start(t('records.export.attemptPdf'), () => call('records.reportStart', { report: 'attempt', uid: r.uid }))}>
              {t('records.export.attemptPdf')}
            </button>
            {d.certificate && (
              <button type="button" className="secondary" disabled={busy} onClick={() => void start(t('records.export.certificatePdf'), () => call('records.reportStart', { report: 'certificate', uid: r.uid }))}>
                {t('records.export.certificatePdf')}
              </button>
            )}
          </div>
          <ExportStatus run={run} onCancel={() => void cancel()} />
        </div>
      </div>

      <div className="card">
        <dl className="facts detail-facts">
          <dt>{t('records.col.session')}</dt>
          <dd>
            {r.sessionTitle} <code>{r.sessionCode}</code> · {f.day(r.examDate)}
            {r.room ? ` · ${r.room}` : ''}
          </dd>
          <dt>{t('records.col.branch')}</dt>
          <dd>{r.branch || '—'}</dd>
          <dt>{t('records.col.state')}</dt>
          <dd data-testid="detail-state">
            {t(`proctor.state.${r.state}`)}
            {r.submitKind ? `（${t(`proctor.kind.${r.submitKind}`)}）` : ''}
          </dd>
          <dt>{t('records.times')}</dt>
          <dd>
            {t('records.startedAt', { when: formatDate(r.startedAt) })}
            {r.submittedAt ? ` · ${t('records.submittedAt', { when: formatDate(r.submittedAt) })}` : ''} · {t('records.timeLimit', { n: formatNumber(d.timeLimitMinutes) })}
            {d.extraMs > 0 ? ` · ${t('records.extra', { time: f.duration(d.extraMs) })}` : ''}
            {d.reopenCount > 0 ? ` · ${t('records.reopened', { n: formatNumber(d.reopenCount) })}` : ''}
          </dd>
          <dt>{t('records.paper')}</dt>
          <dd>
            {t('records.paperText', { seed: d.seed, version: d.contentVersion })} · {t('records.fingerprint')}{' '}
            <code className="fingerprint-text" data-testid="paper-fingerprint">
              {r.fingerprint}
            </code>
          </dd>
          <dt>{t('records.col.origin')}</dt>
          <dd data-testid="detail-origin">
            {t(`records.origin.${r.origin}`)}
            {d.signer && (
              <>
                {' · '}
                {t('records.signedBy', { label: d.signer.label })} <code className="fingerprint-text">{groupFingerprint(d.signer.fingerprint)}</code>
              </>
            )}
          </dd>
          {d.certificate && (
            <>
              <dt>{t('records.certificate')}</dt>
              <dd data-testid="certificate">
                {t('records.certificateNo')} <strong>{d.certificate.number}</strong> · {t('records.certificateCode')} <code className="fingerprint-text">{d.certificate.code}</code>
              </dd>
            </>
          )}
        </dl>
      </div>

      <div className="detail-columns">
        <section className="card" aria-labelledby="chapters-heading">
          <h2 id="chapters-heading">{t('records.byChapter')}</h2>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('records.col.chapter')}</th>
                <th scope="col" className="num">{t('records.col.score')}</th>
                <th scope="col" className="num">{t('records.share')}</th>
              </tr>
            </thead>
            <tbody>
              {d.byChapter.map((c) => (
                <tr key={c.chapterId}>
                  <th scope="row">{c.chapterTitle}</th>
                  <td className="num">
                    {f.score(c.score)} / {f.score(c.max)}
                  </td>
                  <td className="num">{f.share(c.max ? c.score / c.max : null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="events-heading">
          <h2 id="events-heading">{t('records.events')}</h2>
          <h3>{t('records.focusEvents', { n: formatNumber(d.focusEvents.length) })}</h3>
          {d.focusEvents.length === 0 ? (
            <p className="muted">{t('records.none')}</p>
          ) : (
            <ul className="event-list" data-testid="focus-events">
              {d.focusEvents.map((e, i) => (
                <li key={i}>
                  {formatDate(e.at)} · {t(`proctor.focusKind.${e.kind}`)}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('records.resumeGaps', { n: formatNumber(d.resumeGaps.length) })}</h3>
          {d.resumeGaps.length === 0 ? (
            <p className="muted">{t('records.none')}</p>
          ) : (
            <ul className="event-list" data-testid="resume-gaps">
              {d.resumeGaps.map((g, i) => (
                <li key={i}>
                  {t('records.gap', { when: formatDate(g.at), gap: f.duration(g.gapMs), credited: f.duration(g.creditedMs) })}
                  {g.authorizedBy ? ` · ${t('records.authorizedBy', { name: g.authorizedBy })}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <h2>{t('records.itemsHeading', { n: formatNumber(d.items.length) })}</h2>
      <ItemsTable items={d.items} />

      {d.audit.length > 0 && (
        <details className="card audit-details-box">
          <summary>{t('records.audit', { n: formatNumber(d.audit.length) })}</summary>
          <table className="data-table compact audit">
            <thead>
              <tr>
                <th scope="col">{t('proctor.when')}</th>
                <th scope="col">{t('proctor.who')}</th>
                <th scope="col">{t('proctor.what')}</th>
                <th scope="col">{t('proctor.details')}</th>
              </tr>
            </thead>
            <tbody>
              {d.audit.map((a, i) => (
                <tr key={i}>
                  <td>{formatDate(a.at)}</td>
                  <td>{a.actor ?? '—'}</td>
                  <td>{a.action}</td>
                  <td className="audit-details">{Object.keys(a.details).length ? JSON.stringify(a.details) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

function ItemsTable({ items }: { items: RecordItemView[] }) {
  const { t } = useI18n();
  const f = useRecordFormat();
  const text = useAnswerText();
  const keyText = (i: RecordItemView) =>
    i.type === 'essay'
      ? i.reference
      : i.type === 'truefalse'
        ? i.key[0]
          ? t('practice.true')
          : t('practice.false')
        : i.type === 'fill'
          ? i.key.join(' / ')
          : text.response(i.key as string[], i.options);
  return (
    <div className="table-scroll" role="region" aria-label={t('records.itemsRegion')} tabIndex={0}>
      <table className="data-table compact detail-items" data-testid="detail-items">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('records.items.type')}</th>
            <th scope="col">{t('records.items.question')}</th>
            <th scope="col">{t('records.col.answer')}</th>
            <th scope="col">{t('records.col.key')}</th>
            <th scope="col" className="num">{t('records.col.points')}</th>
            <th scope="col">{t('records.col.outcome')}</th>
            <th scope="col" className="num">{t('records.col.time')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.no} className={i.outcome ? `outcome-${i.outcome}` : ''} data-no={i.no}>
              <td>
                {i.no}
                {i.flagged ? <span title={t('records.flaggedByCandidate')}> ⚑</span> : ''}
              </td>
              <td className="nowrap">{t(`practice.type.${i.type}`)}</td>
              <td className="stem-cell">
                <span className="muted chapter-tag">{i.chapterTitle}</span>
                <span className="stem-text">{i.stem}</span>
                {i.options.length > 0 && (
                  <ol className="option-list" type="A">
                    {i.options.map((o, k) => (
                      <li key={k}>{o}</li>
                    ))}
                  </ol>
                )}
              </td>
              <td className="answer-cell">
                {text.response(i.response, i.options)}
                {i.essayComment && <p className="muted">{t('records.comment', { text: i.essayComment })}</p>}
              </td>
              <td className="answer-cell">{keyText(i)}</td>
              <td className="num">
                {f.score(i.score)} / {f.score(i.points)}
              </td>
              <td className="outcome">{i.outcome ? t(`exam.outcome.${i.outcome}`) : '—'}</td>
              <td className="num">{f.duration(i.timeSpentMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
