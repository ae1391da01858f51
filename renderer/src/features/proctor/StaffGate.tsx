import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useSession } from '../../session';

/** Proctor screens need a proctor or administrator signed in. */
export function StaffGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { status } = useSession();
  if (!status) return null;
  if (status.role === 'proctor' || status.role === 'admin') return <>{children}</>;
  return (
    <section className="narrow card">
      <h1>{t('proctor.heading')}</h1>
      <p>{t('proctor.needStaff')}</p>
      <a className="button-link" href={href({ name: 'staff' })}>
        {t('proctor.goSignIn')}
      </a>
    </section>
  );
}
