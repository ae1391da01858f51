import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { href } from '../../router';
import { AccountsPanel } from './AccountsPanel';
import { DataPanel } from './DataPanel';
import { ContentPackPanel } from './ContentPackPanel';
import { BankPanel } from './BankPanel';
import { BundlesPanel } from './BundlesPanel';
import { CertificateCheckPanel } from './CertificateCheckPanel';

export function AdminPage() {
  const { t } = useI18n();
  const { status } = useSession();
  if (status?.role !== 'admin') {
    return (
      <section className="narrow">
        <h1>{t('admin.heading')}</h1>
        <p className="card">
          {t('admin.onlyAdmins')} <a href={href({ name: 'staff' })}>{t('nav.staff')}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t('admin.heading')}</h1>
      <AccountsPanel />
      <DataPanel />
      <ContentPackPanel />
      <BankPanel />
      <BundlesPanel />
      <CertificateCheckPanel />
    </section>
  );
}
