import { useI18n } from '../i18n/i18n';

export function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <span className="brand-title">{t('app.title')}</span>
      <span className="brand-subtitle">{t('app.subtitle')}</span>
    </div>
  );
}
