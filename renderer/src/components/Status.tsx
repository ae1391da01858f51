import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { Loaded } from './useCall';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="status" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, locale } = useI18n();
  return (
    <div className="error-box" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{error.body.message[locale]}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Stands in for data not shown yet: the failure with a retry, else the loading line. */
export function NotReady({ loaded, onRetry }: { loaded: Loaded<unknown>; onRetry: () => void }) {
  return loaded.state === 'error' ? <ErrorBox error={loaded.error} onRetry={onRetry} /> : <Loading />;
}
