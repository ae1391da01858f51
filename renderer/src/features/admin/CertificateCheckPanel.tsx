import { useState, type FormEvent } from 'react';
import type { CertificateCheck } from '../../../../electron/shared/recordTypes';
import { call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { groupFingerprint } from '../records/files';
import { useRecordFormat } from '../records/format';
import './bundles.css';

/** Checks a certificate's number and verification code offline, against this or a trusted installation's key. */
export function CertificateCheckPanel() {
  const { t, locale } = useI18n();
  const f = useRecordFormat();
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [result, setResult] = useState<CertificateCheck>();
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(undefined);
    setError(undefined);
    try {
      setResult(await call('records.verifyCertificate', { number: number.trim(), code: code.trim() }));
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  return (
    <section className="card" aria-labelledby="verify-heading" data-testid="verify-panel">
      <h2 id="verify-heading">{t('verify.heading')}</h2>
      <p className="lead">{t('verify.intro')}</p>
      <form className="inline-row" onSubmit={submit}>
        <div className="field">
          <label htmlFor="verify-number">{t('verify.number')}</label>
          <input id="verify-number" value={number} maxLength={40} required onChange={(e) => setNumber(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor="verify-code">{t('verify.code')}</label>
          <input id="verify-code" value={code} maxLength={200} required onChange={(e) => setCode(e.target.value)} />
        </div>
        <button type="submit">{t('verify.check')}</button>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" className={`verify-result ${result.valid ? 'is-valid' : 'is-invalid'}`} data-testid="verify-result">
          <p className="verify-verdict">{result.valid ? t('verify.valid') : t('verify.invalid')}</p>
          <p>{result.message[locale]}</p>
          {result.holder && (
            <p>
              {t('verify.holder', {
                name: result.holder.name,
                employeeId: result.holder.employeeId,
                exam: result.holder.exam,
                date: f.day(result.holder.date),
                score: f.score(result.holder.score),
              })}
            </p>
          )}
          {result.signer && (
            <p>
              {t('verify.signer', { label: result.signer.label })} <code className="fingerprint-text">{groupFingerprint(result.signer.fingerprint)}</code>{' '}
              {result.signer.trusted ? t('bundles.signerTrusted') : t('bundles.signerUnknown')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
