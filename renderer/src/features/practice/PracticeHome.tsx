import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';

/** 练习: chapters with their practice figures, and the way into 错题本, 今日复习 and 模拟考试. */
export function PracticeHome() {
  const { t } = useI18n();
  const [stats, reload] = useCall('practice.stats', {});
  if (stats.state === 'loading') return <Loading />;
  if (stats.state === 'error') return <ErrorBox error={stats.error} onRetry={reload} />;
  const s = stats.value;
  return (
    <section aria-labelledby="practice-heading" className="practice-home">
      <h1 id="practice-heading">{t('practice.heading')}</h1>
      <p className="lead">{t('practice.intro')}</p>
      <div className="practice-shortcuts">
        <a className="shortcut-card" href={href({ name: 'wrongBook' })} data-shortcut="wrong-book">
          <span className="shortcut-title">{t('practice.wrongBook')}</span>
          <span className="shortcut-meta">{t('practice.wrongBookOpen', { n: s.wrongOpen })}</span>
        </a>
        <a className="shortcut-card" href={href({ name: 'review' })} data-shortcut="review">
          <span className="shortcut-title">{t('practice.review')}</span>
          <span className="shortcut-meta">{t('practice.reviewDue', { n: s.reviewDue })}</span>
        </a>
        <a className="shortcut-card" href={href({ name: 'mock' })} data-shortcut="mock">
          <span className="shortcut-title">{t('practice.mock')}</span>
          <span className="shortcut-meta">{t('practice.mockHint')}</span>
        </a>
      </div>
      <ol className="practice-chapters">
        {s.chapters.map((c) => {
          const rate = c.attempts ? `${Math.round((c.right / c.attempts) * 100)}%` : '–';
          return (
            <li key={c.chapterId} className="practice-chapter" data-chapter={c.chapterId}>
              <div className="practice-chapter-text">
                <span className="chapter-no">{t('study.chapterNo', { n: c.order })}</span>
                <span className="chapter-title">{c.title}</span>
                <span className="chapter-meta-line">
                  {c.attempts
                    ? t('practice.chapterStats', { answered: c.answered, total: c.questionCount, rate, wrong: c.wrongOpen })
                    : t('practice.noAttempts', { total: c.questionCount })}
                </span>
                <progress max={c.questionCount} value={c.answered} aria-hidden="true" />
              </div>
              <a className="button-link" href={href({ name: 'practiceSet', chapterId: c.chapterId })}>
                {t('practice.thisChapter')}
              </a>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
