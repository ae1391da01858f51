import { useEffect, useState, type FormEvent } from 'react';
import type { BundleImportReport, BundlePreview, BundleSigner, InstallationIdentity, PendingBundle, TrustedInstallation } from '../../../../electron/shared/bundleTypes';
import type { CallInput, CallOutput } from '../../../../electron/shared/contract';
import { call } from '../../api/client';
import { FileField } from '../../components/FileField';
import { NotReady } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { usePickedFile } from '../../components/usePickedFile';
import { useI18n } from '../../i18n/i18n';
import { fileToBase64, groupFingerprint, saveBase64File, uploadBundle } from '../records/files';
import { useRecordFormat } from '../records/format';
import '../records/records.css';
import './bundles.css';

type Note = { ok: boolean; text: string } | undefined;

function NoteLine({ note, testId }: { note: Note; testId?: string }) {
  if (!note) return null;
  return (
    <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'ok-text' : 'field-error'} data-testid={testId}>
      {note.text}
    </p>
  );
}

/** A list the panel reloads whenever `tick` moves; the last list stays on screen while it reloads. */
function useReloadedList<N extends 'bundles.trusted' | 'bundles.pending'>(name: N, input: CallInput<N>, tick: number) {
  const [loaded, reload] = useCall(name, input);
  const [list, setList] = useState<CallOutput<N>>();
  useEffect(() => {
    if (tick) reload();
  }, [tick, reload]);
  useEffect(() => {
    if (loaded.state === 'ready') setList(loaded.value);
  }, [loaded]);
  return { loaded, reload, list, setList };
}

/** 本机签名身份与结果包: this PC's key, the trusted installations, result bundle import and approval. */
export function BundlesPanel() {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const changed = () => setTick((n) => n + 1);
  return (
    <section className="card bundles-panel" aria-labelledby="bundles-heading" data-testid="bundles-panel">
      <h2 id="bundles-heading">{t('bundles.heading')}</h2>
      <p className="lead">{t('bundles.intro')}</p>
      <IdentitySection />
      <TrustedSection tick={tick} onChange={changed} />
      <ImportSection onChange={changed} />
      <PendingSection tick={tick} onChange={changed} />
    </section>
  );
}

function IdentitySection() {
  const { t, locale, formatDate } = useI18n();
  const [loaded, reload] = useCall('bundles.identity', {});
  const [identity, setIdentity] = useState<InstallationIdentity>();
  const [label, setLabel] = useState('');
  const [note, setNote] = useState<Note>();
  useEffect(() => {
    if (loaded.state === 'ready') {
      setIdentity(loaded.value);
      setLabel(loaded.value.label);
    }
  }, [loaded]);
  if (!identity) return <NotReady loaded={loaded} onRetry={reload} />;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNote(undefined);
    try {
      const next = await call('bundles.setLabel', { label: label.trim() });
      setIdentity(next);
      setNote({ ok: true, text: t('bundles.labelSaved') });
    } catch (err) {
      setNote({ ok: false, text: errorText(err, locale) });
    }
  };
  const download = async () => {
    setNote(undefined);
    try {
      const f = await call('bundles.identityFile', {});
      saveBase64File(f);
      setNote({ ok: true, text: t('bundles.identitySaved', { file: f.fileName }) });
    } catch (err) {
      setNote({ ok: false, text: errorText(err, locale) });
    }
  };
  return (
    <div className="bundle-section" aria-labelledby="identity-heading">
      <h3 id="identity-heading">{t('bundles.identity')}</h3>
      <dl className="facts detail-facts">
        <dt>{t('bundles.fingerprint')}</dt>
        <dd>
          <code className="fingerprint-text big-fingerprint" data-testid="own-fingerprint">
            {groupFingerprint(identity.fingerprint)}
          </code>
        </dd>
        <dt>{t('bundles.createdAt')}</dt>
        <dd>{formatDate(identity.createdAt)}</dd>
      </dl>
      <form className="inline-row" onSubmit={save}>
        <div className="field">
          <label htmlFor="installation-label">{t('bundles.label')}</label>
          <input id="installation-label" value={label} maxLength={60} required onChange={(e) => setLabel(e.target.value)} aria-describedby="installation-label-hint" />
          <span id="installation-label-hint" className="field-hint">
            {t('bundles.labelHint')}
          </span>
        </div>
        <button type="submit" className="secondary" disabled={!label.trim() || label.trim() === identity.label}>
          {t('bundles.saveLabel')}
        </button>
        <button type="button" onClick={() => void download()}>
          {t('bundles.downloadIdentity')}
        </button>
      </form>
      <NoteLine note={note} testId="identity-note" />
    </div>
  );
}

function TrustedSection({ tick, onChange }: { tick: number; onChange: () => void }) {
  const { t, locale, formatDate } = useI18n();
  const { loaded, reload, list, setList } = useReloadedList('bundles.trusted', {}, tick);
  const [file, setFile] = useState<File>();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<Note>();
  const [removing, setRemoving] = useState<TrustedInstallation>();
  const [removeReason, setRemoveReason] = useState('');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setNote(undefined);
    try {
      const added = await call('bundles.trust', { fileBase64: await fileToBase64(file), reason: reason.trim() });
      setNote({ ok: true, text: t('bundles.trustedAdded', { label: added.label }) });
      setReason('');
      setFile(undefined);
      (e.target as HTMLFormElement).reset();
      onChange();
    } catch (err) {
      setNote({ ok: false, text: errorText(err, locale) });
    }
  };
  const remove = async (e: FormEvent) => {
    e.preventDefault();
    if (!removing) return;
    setNote(undefined);
    try {
      setList(await call('bundles.untrust', { fingerprint: removing.fingerprint, reason: removeReason.trim() }));
      setNote({ ok: true, text: t('bundles.trustedRemoved', { label: removing.label }) });
      setRemoving(undefined);
      setRemoveReason('');
      onChange();
    } catch (err) {
      setNote({ ok: false, text: errorText(err, locale) });
    }
  };
  return (
    <div className="bundle-section" aria-labelledby="trusted-heading">
      <h3 id="trusted-heading">{t('bundles.trusted')}</h3>
      <p className="field-hint">{t('bundles.trustedIntro')}</p>
      {!list ? (
        <NotReady loaded={loaded} onRetry={reload} />
      ) : list.length === 0 ? (
        <p className="muted">{t('bundles.noTrusted')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="trusted-heading" tabIndex={0}>
          <table className="data-table compact" data-testid="trusted-table">
            <thead>
              <tr>
                <th scope="col">{t('bundles.label')}</th>
                <th scope="col">{t('bundles.fingerprint')}</th>
                <th scope="col">{t('bundles.addedBy')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('bundles.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.fingerprint}>
                  <td>{i.label}</td>
                  <td>
                    <code className="fingerprint-text">{groupFingerprint(i.fingerprint)}</code>
                  </td>
                  <td>
                    {i.addedBy} · {formatDate(i.addedAt)}
                  </td>
                  <td>
                    <button type="button" className="secondary small danger" onClick={() => setRemoving(i)} aria-label={t('bundles.removeLabel', { label: i.label })}>
                      {t('bundles.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removing && (
        <form className="sub-form" onSubmit={remove} aria-labelledby="untrust-heading">
          <h4 id="untrust-heading">{t('bundles.removeTitle', { label: removing.label })}</h4>
          <div className="field">
            <label htmlFor="untrust-reason">{t('bundles.reason')}</label>
            <input id="untrust-reason" value={removeReason} minLength={2} maxLength={200} required onChange={(e) => setRemoveReason(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="danger">
              {t('bundles.remove')}
            </button>
            <button type="button" className="secondary" onClick={() => setRemoving(undefined)}>
              {t('bundles.cancel')}
            </button>
          </div>
        </form>
      )}
      <form className="sub-form" onSubmit={add} aria-labelledby="trust-heading">
        <h4 id="trust-heading">{t('bundles.addTrusted')}</h4>
        <div className="inline-row">
          <FileField id="trust-file" label={t('bundles.identityFile')} required onPick={setFile} />
          <div className="field grow">
            <label htmlFor="trust-reason">{t('bundles.reason')}</label>
            <input id="trust-reason" value={reason} minLength={2} maxLength={200} required placeholder={t('bundles.trustReasonHint')} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" disabled={!file}>
            {t('bundles.trust')}
          </button>
        </div>
      </form>
      <NoteLine note={note} testId="trusted-note" />
    </div>
  );
}

export function SignerLine({ signer }: { signer: BundleSigner }) {
  const { t } = useI18n();
  return (
    <span className="signer-line">
      {signer.label} <code className="fingerprint-text">{groupFingerprint(signer.fingerprint)}</code>{' '}
      <span className={`badge ${signer.trusted ? 'ok' : 'bad'}`} data-testid="signer-trust">
        {signer.own ? t('bundles.signerOwn') : signer.trusted ? t('bundles.signerTrusted') : t('bundles.signerUnknown')}
      </span>
    </span>
  );
}

function SessionsList({ sessions }: { sessions: { code: string; title: string; date: string; attempts: number }[] }) {
  const { t, formatNumber } = useI18n();
  const f = useRecordFormat();
  return (
    <ul className="event-list">
      {sessions.map((s) => (
        <li key={s.code}>
          {t('bundles.sessionLine', { date: f.day(s.date), title: s.title, code: s.code, n: formatNumber(s.attempts) })}
        </li>
      ))}
    </ul>
  );
}

/** Attempts of the bundle that are here in another version: updated to the later one, or left as a conflict. */
function ChangesTable({ preview }: { preview: BundlePreview }) {
  const { t, formatNumber } = useI18n();
  const score = (x: number | null) => (x === null ? '—' : formatNumber(x));
  const unlisted = preview.updates + preview.conflicts - preview.changes.length;
  return (
    <>
      <table className="data-table compact" data-testid="bundle-changes">
        <caption>{t('bundles.changes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bundles.changeWho')}</th>
            <th scope="col">{t('bundles.changeSession')}</th>
            <th scope="col">{t('bundles.changeScore')}</th>
            <th scope="col">{t('bundles.changeFate')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.changes.map((c) => (
            <tr key={c.uid}>
              <td>
                {c.name} ({c.employeeId})
              </td>
              <td>{c.sessionCode}</td>
              <td>
                {score(c.scoreBefore)} → {score(c.scoreAfter)}
              </td>
              <td className={c.kind === 'conflict' ? 'flag-note' : undefined}>{c.kind === 'update' ? t('bundles.changeUpdate') : t('bundles.changeConflict')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unlisted > 0 && <p className="muted">{t('bundles.changesMore', { n: formatNumber(unlisted) })}</p>}
    </>
  );
}

function ImportSection({ onChange }: { onChange: () => void }) {
  const { t, locale, formatNumber, formatDate } = useI18n();
  const [report, setReport] = useState<BundleImportReport>();
  const [note, setNote] = useState<Note>();
  const fail = (err: unknown) => setNote({ ok: false, text: errorText(err, locale) });
  const { preview, busy, pick, act, fieldKey } = usePickedFile<BundlePreview>(uploadBundle, (uploadId) => call('bundles.preview', { uploadId }), fail);
  const choose = (f: File | undefined) => {
    setReport(undefined);
    setNote(undefined);
    void pick(f);
  };
  const runImport = () =>
    act(async (uploadId) => {
      setNote(undefined);
      setReport(await call('bundles.import', { uploadId }));
      onChange();
    });
  const incoming = preview ? preview.newAttempts + preview.updates : 0;
  return (
    <div className="bundle-section" aria-labelledby="bundle-import-heading">
      <h3 id="bundle-import-heading">{t('bundles.import')}</h3>
      <p className="field-hint">{t('bundles.importIntro')}</p>
      <FileField key={fieldKey} id="bundle-file" label={t('bundles.bundleFile')} onPick={choose} />
      {busy && (
        <p role="status" className="muted">
          {t('bundles.checking')}
        </p>
      )}
      <NoteLine note={note} testId="bundle-note" />
      {preview && (
        <div className="pack-preview" data-testid="bundle-preview">
          <dl className="facts detail-facts">
            <dt>{t('bundles.signer')}</dt>
            <dd>
              <SignerLine signer={preview.signer} />
            </dd>
            <dt>{t('bundles.created')}</dt>
            <dd>{formatDate(preview.createdAt)}</dd>
            <dt>{t('bundles.attempts')}</dt>
            <dd data-testid="bundle-counts">
              {t('bundles.counts', {
                n: formatNumber(preview.attempts),
                added: formatNumber(preview.newAttempts),
                updated: formatNumber(preview.updates),
                dup: formatNumber(preview.duplicates),
              })}
            </dd>
            <dt>{t('bundles.sessions')}</dt>
            <dd>
              <SessionsList sessions={preview.sessions} />
            </dd>
          </dl>
          {preview.conflicts > 0 && <p className="flag-note">{t('bundles.conflicts', { n: formatNumber(preview.conflicts) })}</p>}
          {preview.changes.length > 0 && <ChangesTable preview={preview} />}
          {preview.needsApproval && <p className="flag-note">{t('bundles.needsApproval')}</p>}
          <button type="button" disabled={busy || incoming === 0} onClick={() => void runImport()}>
            {preview.needsApproval ? t('bundles.importPending') : t('bundles.importNow', { n: formatNumber(incoming) })}
          </button>
          {incoming === 0 && <p className="muted">{t('bundles.nothingNew')}</p>}
        </div>
      )}
      {report && (
        <p role="status" className={report.status === 'merged' ? 'ok-text' : 'flag-note'} data-testid="bundle-report">
          {report.message[locale]}
        </p>
      )}
    </div>
  );
}

function PendingSection({ tick, onChange }: { tick: number; onChange: () => void }) {
  const { t } = useI18n();
  const { loaded, reload, list } = useReloadedList('bundles.pending', {}, tick);
  return (
    <div className="bundle-section" aria-labelledby="pending-heading">
      <h3 id="pending-heading">{t('bundles.pending')}</h3>
      {!list ? (
        <NotReady loaded={loaded} onRetry={reload} />
      ) : list.length === 0 ? (
        <p className="muted">{t('bundles.noPending')}</p>
      ) : (
        list.map((b) => <PendingItem key={b.id} bundle={b} onDone={onChange} />)
      )}
    </div>
  );
}

function PendingItem({ bundle, onDone }: { bundle: PendingBundle; onDone: () => void }) {
  const { t, locale, formatNumber, formatDate } = useI18n();
  const [reason, setReason] = useState('');
  const [trust, setTrust] = useState(false);
  const [note, setNote] = useState<Note>();
  const decide = async (approve: boolean) => {
    if (reason.trim().length < 2) {
      setNote({ ok: false, text: t('bundles.reasonNeeded') });
      return;
    }
    setNote(undefined);
    try {
      if (approve) {
        const r = await call('bundles.approve', { id: bundle.id, reason: reason.trim(), trustSigner: trust });
        setNote({ ok: true, text: r.message[locale] });
      } else {
        await call('bundles.reject', { id: bundle.id, reason: reason.trim() });
      }
      onDone();
    } catch (err) {
      setNote({ ok: false, text: errorText(err, locale) });
    }
  };
  const id = `pending-${bundle.id}`;
  return (
    <article className="pending-bundle" aria-labelledby={`${id}-title`} data-testid="pending-bundle">
      <h4 id={`${id}-title`}>{t('bundles.pendingTitle', { n: formatNumber(bundle.attempts), who: bundle.receivedBy, when: formatDate(bundle.receivedAt) })}</h4>
      <p>
        <SignerLine signer={bundle.signer} />
      </p>
      <SessionsList sessions={bundle.sessions} />
      <div className="inline-row">
        <div className="field grow">
          <label htmlFor={`${id}-reason`}>{t('bundles.reason')}</label>
          <input id={`${id}-reason`} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </div>
        <label className="choice">
          <input type="checkbox" checked={trust} onChange={(e) => setTrust(e.target.checked)} />
          {t('bundles.trustSigner')}
        </label>
        <button type="button" onClick={() => void decide(true)}>
          {t('bundles.approve')}
        </button>
        <button type="button" className="secondary danger" onClick={() => void decide(false)}>
          {t('bundles.reject')}
        </button>
      </div>
      <NoteLine note={note} />
    </article>
  );
}
