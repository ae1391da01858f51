import { useCallback, useState } from 'react';
import { call } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { PracticeSession } from './PracticeSession';

/** 今日复习: the review cards due by now, answered like practice (which reschedules them). */
export function ReviewPage() {
  const { t, formatDate } = useI18n();
  const [nextDue, setNextDue] = useState<number | null>(null);
  const load = useCallback(async () => {
    const queue = await call('practice.reviewQueue', {});
    setNextDue(queue.nextDue);
    return queue.questions;
  }, []);
  return (
    <PracticeSession
      heading={t('review.heading')}
      intro={<p className="lead">{t('review.intro')}</p>}
      load={load}
      back={{ href: href({ name: 'practice' }), label: t('practice.back') }}
      empty={
        <p>
          {t('review.empty')} {nextDue !== null && t('review.next', { when: formatDate(nextDue) })}
        </p>
      }
    />
  );
}
