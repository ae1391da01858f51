import { useEffect, useMemo, useState } from 'react';
import { guessBankFormat, type BankColumn, type BankFile, type BankFormat, type BankImportPreview } from '../../../../electron/shared/calls/bank';
import type { QuestionKind } from '../../../../electron/shared/practiceTypes';
import { call } from '../../api/client';
import { FileField } from '../../components/FileField';
import { IssueBox, issueError, type IssueError } from '../../components/IssueBox';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { useI18n, type Translate } from '../../i18n/i18n';
import { bytesToBase64, saveBase64File } from '../records/files';
import './bank.css';

const KINDS: QuestionKind[] = ['single', 'multiple', 'truefalse', 'fill', 'scenario', 'essay'];

interface ChosenFile {
  name: string;
  base64: string;
}

function columnLabel(t: Translate, c: BankColumn | null): string {
  if (c === null || c === 'question') return t('bank.col.question');
  if (c.length === 1) return t('bank.col.option', { letter: c });
  return t(`bank.col.${c}` as 'bank.col.type');
}

function SectionSelect({ chapterId, value, onChange }: { chapterId: string; value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const [chapter] = useCall('content.getChapter', { chapterId });
  return (
    <div className="field">
      <label htmlFor="bank-section">{t('bank.section')}</label>
      <select id="bank-section" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('bank.choose')}</option>
        {chapter.state === 'ready' &&
          chapter.value.sections.map((s) => (
            <option key={s.id} value={s.id}>
              {s.level === 3 ? '\u3000' : ''}
              {s.title}
            </option>
          ))}
      </select>
    </div>
  );
}

export function BankPanel() {
  const { t, locale, formatNumber } = useI18n();
  const [chapters] = useCall('content.listChapters', {});
  const [file, setFile] = useState<ChosenFile>();
  const [format, setFormat] = useState<BankFormat>('xlsx');
  const [chapterId, setChapterId] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [difficulty, setDifficulty] = useState<1 | 2 | 3>(2);
  const [validOnly, setValidOnly] = useState(false);
  const [preview, setPreview] = useState<BankImportPreview>();
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const [error, setError] = useState<IssueError>();
  const [done, setDone] = useState<BankImportPreview>();
  const [status, setStatus] = useState<string>();

  const fail = (err: unknown) => setError(issueError(err, locale));

  const input = useMemo(
    () =>
      file && {
        format,
        fileBase64: file.base64,
        fileName: file.name,
        chapterId: chapterId || undefined,
        sectionId: (chapterId && sectionId) || undefined,
        difficulty,
        validRowsOnly: validOnly,
      },
    [file, format, chapterId, sectionId, difficulty, validOnly],
  );

  useEffect(() => {
    if (!input) return;
    let live = true;
    setBusy('checking');
    setError(undefined);
    call('bank.previewImport', input).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        setBusy(null);
      },
      (err: unknown) => {
        if (!live) return;
        setPreview(undefined);
        setBusy(null);
        fail(err);
      },
    );
    return () => {
      live = false;
    };
  }, [input]);

  const choose = async (f: File | undefined) => {
    setPreview(undefined);
    setDone(undefined);
    setError(undefined);
    if (!f) return setFile(undefined);
    const bytes = new Uint8Array(await f.arrayBuffer());
    setFormat(guessBankFormat(f.name, new TextDecoder().decode(bytes.subarray(0, 200_000))));
    setFile({ name: f.name, base64: bytesToBase64(bytes) });
  };

  const fetchFile = async (get: () => Promise<BankFile>, say: (f: BankFile) => string) => {
    setStatus(undefined);
    try {
      const f = await get();
      saveBase64File(f);
      setStatus(say(f));
    } catch (err) {
      setStatus(errorText(err, locale));
    }
  };

  const runImport = async () => {
    if (!input) return;
    setBusy('importing');
    setError(undefined);
    try {
      const result = await call('bank.import', input);
      setDone(result);
      setPreview(undefined);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const textFormat = format !== 'xlsx';
  return (
    <section className="card bank-panel" aria-labelledby="bank-heading">
      <h2 id="bank-heading">{t('bank.heading')}</h2>
      <p className="lead">{t('bank.intro')}</p>
      <div className="actions">
        <button type="button" onClick={() => void fetchFile(() => call('bank.template', {}), (f) => t('bank.downloaded', { file: f.fileName }))}>
          {t('bank.template')}
        </button>
        <button type="button" className="secondary" onClick={() => void fetchFile(() => call('bank.export', { format: 'xlsx' }), (f) => t('bank.exported', { n: formatNumber(f.questions), file: f.fileName }))}>
          {t('bank.exportXlsx')}
        </button>
        <button type="button" className="secondary" onClick={() => void fetchFile(() => call('bank.export', { format: 'gift' }), (f) => t('bank.exported', { n: formatNumber(f.questions), file: f.fileName }))}>
          {t('bank.exportGift')}
        </button>
      </div>
      {status && (
        <p role="status" className="muted" data-testid="bank-download-status">
          {status}
        </p>
      )}

      <div className="bank-import">
        <FileField id="bank-file" label={t('bank.file')} accept=".xlsx,.txt,.gift,text/plain" onPick={(f) => void choose(f)} />
        {file && (
          <div className="bank-options">
            <div className="field">
              <label htmlFor="bank-format">{t('bank.format')}</label>
              <select id="bank-format" value={format} onChange={(e) => setFormat(e.target.value as BankFormat)}>
                <option value="xlsx">{t('bank.formatXlsx')}</option>
                <option value="gift">{t('bank.formatGift')}</option>
                <option value="aiken">{t('bank.formatAiken')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="bank-chapter">{t('bank.chapter')}</label>
              <select
                id="bank-chapter"
                value={chapterId}
                onChange={(e) => {
                  setChapterId(e.target.value);
                  setSectionId('');
                }}
              >
                <option value="">{t('bank.choose')}</option>
                {chapters.state === 'ready' &&
                  chapters.value.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
              </select>
            </div>
            {chapterId && <SectionSelect chapterId={chapterId} value={sectionId} onChange={setSectionId} />}
            {textFormat && (
              <div className="field">
                <label htmlFor="bank-difficulty">{t('bank.difficulty')}</label>
                <select id="bank-difficulty" value={difficulty} onChange={(e) => setDifficulty(Number(e.target.value) as 1 | 2 | 3)}>
                  <option value={1}>{t('bank.difficulty1')}</option>
                  <option value={2}>{t('bank.difficulty2')}</option>
                  <option value={3}>{t('bank.difficulty3')}</option>
                </select>
              </div>
            )}
            <p className="field-hint bank-place-hint">{t('bank.placeHint')}</p>
            <label className="check">
              <input type="checkbox" checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} /> {t('bank.validOnly')}
            </label>
          </div>
        )}
      </div>

      {busy && (
        <p role="status" className="muted">
          {busy === 'checking' ? t('bank.checking') : t('bank.importing')}
        </p>
      )}
      {error && <IssueBox error={error} />}

      {preview && !done && (
        <div className="pack-preview bank-preview" data-testid="bank-preview">
          <p>{t('bank.rows', { rows: formatNumber(preview.rows), valid: formatNumber(preview.validRows), errors: formatNumber(preview.errorCount) })}</p>
          {preview.notices.map((n) => (
            <p key={n.en} className="field-hint">
              {n[locale]}
            </p>
          ))}
          {preview.errors.length > 0 && (
            <>
              <h3>{t('bank.errorsHeading')}</h3>
              <div className="bank-errors">
                <table className="data-table" data-testid="bank-errors">
                  <thead>
                    <tr>
                      <th scope="col">{t('bank.colRow')}</th>
                      <th scope="col">{t('bank.colColumn')}</th>
                      <th scope="col">{t('bank.colProblem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.row}</td>
                        <td>{columnLabel(t, e.column)}</td>
                        <td>{e.message[locale]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.errorCount > preview.errors.length && <p className="field-hint">{t('bank.more', { n: formatNumber(preview.errorCount - preview.errors.length) })}</p>}
            </>
          )}
          {preview.warnings.length > 0 && (
            <details>
              <summary>{t('bank.warnings', { n: formatNumber(preview.warnings.length) })}</summary>
              <ul className="issues">
                {preview.warnings.map((w, i) => (
                  <li key={i}>{w.message[locale]}</li>
                ))}
              </ul>
            </details>
          )}
          {preview.blocked ? (
            <p className="field-error" role="alert">
              {preview.validRows > 0 && !preview.validRowsOnly ? t('bank.blocked') : t('bank.nothing')}
            </p>
          ) : (
            <Summary preview={preview} />
          )}
          {!preview.blocked && (
            <button type="button" disabled={busy !== null} onClick={() => void runImport()}>
              {t('bank.import', { n: formatNumber(preview.willImport) })}
            </button>
          )}
        </div>
      )}
      {done && (
        <div className="bank-done">
          <p role="status" className="ok-text">
            {t('bank.done', { n: formatNumber(done.willImport), version: done.pack?.contentVersion ?? '' })}
          </p>
          <Summary preview={done} />
        </div>
      )}
    </section>
  );
}

function Summary({ preview }: { preview: BankImportPreview }) {
  const { t, formatNumber } = useI18n();
  return (
    <div className="bank-summary" data-testid="bank-summary">
      <h3>{t('bank.summary')}</h3>
      <p>{t(preview.imported ? 'bank.savedAs' : 'bank.willImport', { n: formatNumber(preview.willImport), target: preview.target })}</p>
      {preview.replaced > 0 && <p>{t('bank.replaces', { n: formatNumber(preview.replaced) })}</p>}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('bank.colChapter')}</th>
            {KINDS.map((k) => (
              <th scope="col" key={k}>
                {t(`bank.type.${k}`)}
              </th>
            ))}
            <th scope="col">{t('bank.colTotal')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.counts.map((c) => (
            <tr key={c.chapterId}>
              <th scope="row">{c.chapterTitle}</th>
              {KINDS.map((k) => (
                <td key={k}>{c.byType[k] ? formatNumber(c.byType[k]) : ''}</td>
              ))}
              <td>{formatNumber(c.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.pack && (
        <p>
          {t('bank.packRow', {
            added: formatNumber(preview.pack.questions.added),
            changed: formatNumber(preview.pack.questions.changed),
            removed: formatNumber(preview.pack.questions.removed),
            total: formatNumber(preview.pack.totals.questions),
          })}
        </p>
      )}
    </div>
  );
}
