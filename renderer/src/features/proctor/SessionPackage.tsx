import { useState } from 'react';
import type { SessionPackagePreview } from '../../../../electron/shared/bundleTypes';
import { call } from '../../api/client';
import { FileField } from '../../components/FileField';
import { errorText } from '../../components/errorText';
import { usePickedFile } from '../../components/usePickedFile';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { SignerLine } from '../admin/BundlesPanel';
import { fileToBase64, saveBase64File } from '../records/files';
import { useRecordFormat } from '../records/format';
import '../admin/bundles.css';

/** 导出场次包: the session's settings, roster and blueprint, signed, for the other PCs of the exam room. */
export function ExportSessionPackage({ sessionId }: { sessionId: number }) {
  const { t, locale, formatNumber } = useI18n();
  const [note, setNote] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setNote(undefined);
    try {
      const f = await call('bundles.exportSession', { sessionId });
      saveBase64File(f);
      setNote({ ok: true, text: t('sessionPackage.saved', { file: f.fileName, n: formatNumber(f.count) }) });
    } catch (err) {
      setNote({ ok: false, text: errorText(err, locale) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run()} title={t('sessionPackage.exportHint')}>
        {t('sessionPackage.export')}
      </button>
      {note && (
        <p role={note.ok ? 'status' : 'alert'} className={`package-note ${note.ok ? 'ok-text' : 'field-error'}`} data-testid="session-package-note">
          {note.text}
        </p>
      )}
    </>
  );
}

/** 导入场次包 on the session list: preview who signed it and what it holds, then create the session here. */
export function ImportSessionPackage() {
  const { t, locale, formatNumber } = useI18n();
  const f = useRecordFormat();
  const [error, setError] = useState<string>();
  const fail = (err: unknown) => setError(errorText(err, locale));
  const { preview, busy, pick, act, fieldKey } = usePickedFile<SessionPackagePreview>(fileToBase64, (fileBase64) => call('bundles.previewSession', { fileBase64 }), fail);
  const choose = (picked: File | undefined) => {
    setError(undefined);
    void pick(picked);
  };
  const confirm = () =>
    act(async (fileBase64) => {
      setError(undefined);
      const created = await call('bundles.importSession', { fileBase64 });
      if (created.sessionId) window.location.hash = href({ name: 'proctorSession', sessionId: created.sessionId });
    });
  return (
    <section className="card session-package" aria-labelledby="session-package-heading">
      <h2 id="session-package-heading">{t('sessionPackage.import')}</h2>
      <p className="muted">{t('sessionPackage.importHint')}</p>
      <FileField key={fieldKey} id="session-package-file" label={t('sessionPackage.file')} onPick={choose} />
      {busy && (
        <p role="status" className="muted">
          {t('sessionPackage.checking')}
        </p>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {preview && (
        <div className="pack-preview" data-testid="session-package-preview">
          <dl className="facts detail-facts">
            <dt>{t('sessionPackage.session')}</dt>
            <dd>
              {preview.title} <code>{preview.code}</code> · {f.day(preview.date)}
              {preview.room ? ` · ${preview.room}` : ''}
            </dd>
            <dt>{t('sessionPackage.candidates')}</dt>
            <dd>{formatNumber(preview.candidates)}</dd>
            <dt>{t('bundles.signer')}</dt>
            <dd>
              <SignerLine signer={preview.signer} />
            </dd>
            <dt>{t('sessionPackage.content')}</dt>
            <dd className={preview.sameContent ? '' : 'field-error'}>{preview.sameContent ? t('sessionPackage.sameContent') : t('sessionPackage.otherContent')}</dd>
          </dl>
          <button type="button" disabled={busy} onClick={() => void confirm()}>
            {t('sessionPackage.confirm')}
          </button>
        </div>
      )}
    </section>
  );
}
