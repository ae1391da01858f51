import { useState } from 'react';
import type { ChangeCount, PackSummary } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { FileField } from '../../components/FileField';
import { IssueBox, issueError, type IssueError } from '../../components/IssueBox';
import { usePickedFile } from '../../components/usePickedFile';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalog';

export function ContentPackPanel() {
  const { t, locale } = useI18n();
  const [error, setError] = useState<IssueError>();
  const [done, setDone] = useState<string>();
  const fail = (err: unknown) => setError(issueError(err, locale));
  const file = usePickedFile<PackSummary>((f) => f.text(), (pack) => call('content.previewPack', { pack }), fail);
  const preview = file.preview;
  const choose = (picked: File | undefined) => {
    setError(undefined);
    setDone(undefined);
    void file.pick(picked);
  };
  const row = (what: MessageKey, c: ChangeCount) => <li key={what}>{t('admin.packRow', { what: t(what), ...c })}</li>;
  return (
    <section className="card" aria-labelledby="pack-heading">
      <h2 id="pack-heading">{t('admin.content')}</h2>
      <p className="lead">{t('admin.contentIntro')}</p>
      <FileField key={file.fieldKey} id="pack-file" label={t('admin.packFile')} accept=".kbpack,application/json" onPick={choose} />
      {error && <IssueBox error={error} />}
      {preview && !done && (
        <div className="pack-preview">
          <p>{t('admin.packPreview', { title: preview.title, from: preview.currentVersion, to: preview.contentVersion })}</p>
          <ul>
            {row('admin.packChapters', preview.chapters)}
            {row('admin.packSections', preview.sections)}
            {row('admin.packQuestions', preview.questions)}
            {row('admin.packBlueprints', preview.blueprints)}
          </ul>
          <button type="button" onClick={() => void file.act(async (pack) => setDone((await call('content.importPack', { pack })).contentVersion))}>
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
