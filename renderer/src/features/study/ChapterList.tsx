import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';

export function ChapterList() {
  const { t } = useI18n();
  const [chapters, reload] = useCall('content.listChapters', {});
  if (chapters.state === 'loading') return <Loading />;
  if (chapters.state === 'error') return <ErrorBox error={chapters.error} onRetry={reload} />;
  return (
    <section aria-labelledby="study-heading">
      <h1 id="study-heading">{t('study.heading')}</h1>
      <p className="lead">{t('study.intro', { chapters: chapters.value.length })}</p>
      <ol className="chapter-grid">
        {chapters.value.map((c) => (
          <li key={c.id} className="chapter-card">
            <a href={href({ name: 'chapter', chapterId: c.id })} data-chapter={c.id}>
              <span className="chapter-no">{t('study.chapterNo', { n: c.order })}</span>
              <span className="chapter-title">{c.title}</span>
              <span className="chapter-summary">{c.summary}</span>
              <span className="chapter-meta">
                {t('study.sections', { n: c.sectionCount })} · {t('study.questions', { n: c.questionCount })}
              </span>
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
