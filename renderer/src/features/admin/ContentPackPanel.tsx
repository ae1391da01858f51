import { useState } from 'react';
import type { ChangeCount, PackSummary } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalog';

export function ContentPackPanel() {
  const { t, locale } = useI18n();
  const [text, setText] = useState<string>();
  const [preview, setPreview] = useState<PackSummary>();
  const [error, setError] = useState<{ text: string; issues: string[] }>();
  const [done, setDone] = useState<string>();
  const fail = (err: unknown) =>
    setError({ text: errorText(err, locale), issues: err instanceof ApiError ? (err.body.issues ?? []).map((i) => `${i.path}: ${i.message}`) : [] });
  const choose = async (file: File | undefined) => {
    setPreview(undefined);
    setError(undefined);
    setDone(undefined);
    if (!file) return;
    const body = await file.text();
    setText(body);
    call('content.previewPack', { pack: body }).then(setPreview, fail);
  };
  const row = (what: MessageKey, c: ChangeCount) => <li key={what}>{t('admin.packRow', { what: t(what), ...c })}</li>;
  return (
    <section className="card" aria-labelledby="pack-heading">
      <h2 id="pack-heading">{t('admin.content')}</h2>
      <p className="lead">{t('admin.contentIntro')}</p>
      <div className="field">
        <label htmlFor="pack-file">{t('admin.packFile')}</label>
        <input id="pack-file" type="file" accept=".kbpack,application/json" onChange={(e) => void choose(e.target.files?.[0])} />
      </div>
      {error && (
        <div className="error-box" role="alert">
          <p>{error.text}</p>
          {error.issues.length > 0 && (
            <ul className="issues">
              {error.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {preview && !done && (
        <div className="pack-preview">
          <p>{t('admin.packPreview', { title: preview.title, from: preview.currentVersion, to: preview.contentVersion })}</p>
          <ul>
            {row('admin.packChapters', preview.chapters)}
            {row('admin.packSections', preview.sections)}
            {row('admin.packQuestions', preview.questions)}
            {row('admin.packBlueprints', preview.blueprints)}
          </ul>
          <button type="button" onClick={() => call('content.importPack', { pack: text! }).then((s) => setDone(s.contentVersion), fail)}>
            {t('admin.packImport')}
          </button>
        </div>
      )}
      {done && (
        <p role="status" className="ok-text">
          {t('admin.packDone', { version: done })}
        </p>
      )}
    </section>
  );
}
