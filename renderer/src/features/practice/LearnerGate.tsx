import type { ReactNode } from 'react';
import { Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useSession } from '../../session';

/** Practice belongs to a learner profile: anyone else is sent to pick or create one. */
export function LearnerGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { status } = useSession();
  if (!status) return <Loading />;
  if (status.role !== 'learner') {
    return (
      <section className="card practice-gate narrow" aria-labelledby="practice-gate">
        <h1 id="practice-gate">{t('practice.heading')}</h1>
        <p>{t('practice.signInNeeded')}</p>
        <a className="button-link" href={href({ name: 'profiles' })}>
          {t('practice.goProfiles')}
        </a>
      </section>
    );
  }
  return <>{children}</>;
}
