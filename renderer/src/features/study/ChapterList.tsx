import { useEffect, useState } from 'react';
import type { StudyOverview } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useSession } from '../../session';

function useOverview(learner: boolean): StudyOverview | null {
  const [overview, setOverview] = useState<StudyOverview | null>(null);
  useEffect(() => {
    setOverview(null);
    if (!learner) return;
    let live = true;
    call('study.overview', {}).then((o) => live && setOverview(o), () => undefined);
    return () => {
      live = false;
    };
  }, [learner]);
  return overview;
}

export function ChapterList() {
  const { t } = useI18n();
  const { status } = useSession();
  const learner = status?.role === 'learner';
  const [chapters, reload] = useCall('content.listChapters', {});
  const overview = useOverview(learner);
  if (chapters.state === 'loading') return <Loading />;
  if (chapters.state === 'error') return <ErrorBox error={chapters.error} onRetry={reload} />;
  const progress = new Map(overview?.chapters.map((p) => [p.chapterId, p]));
  return (
    <section aria-labelledby="study-heading">
      <h1 id="study-heading">{t('study.heading')}</h1>
      <p className="lead">{t('study.intro', { chapters: chapters.value.length })}</p>
      {!learner && (
        <p className="card hint-card">
          {t('study.signInHint')} <a href={href({ name: 'profiles' })}>{t('study.chooseProfile')}</a>
        </p>
      )}
      {overview?.last && (
        <a className="card continue-card" href={href({ name: 'chapter', chapterId: overview.last.chapterId, sectionId: overview.last.sectionId })}>
          <strong>{t('study.continue')} →</strong>
          <span>{t('study.continueAt', { chapter: overview.last.chapterTitle, section: overview.last.sectionTitle })}</span>
        </a>
      )}
      <ol className="chapter-grid">
        {chapters.value.map((c) => {
          const p = progress.get(c.id);
          return (
            <li key={c.id} className="chapter-card">
              <a href={href({ name: 'chapter', chapterId: c.id })} data-chapter={c.id}>
                <span className="chapter-no">{t('study.chapterNo', { n: c.order })}</span>
                <span className="chapter-title">{c.title}</span>
                <span className="chapter-summary">{c.summary}</span>
                {p && (
                  <span className="progress">
                    <progress max={p.total} value={p.read} aria-label={t('study.progress', { read: p.read, total: p.total })} />
                    <span>{t('study.progress', { read: p.read, total: p.total })}</span>
                  </span>
                )}
                <span className="chapter-meta">
                  {t('study.sections', { n: c.sectionCount })} · {t('study.questions', { n: c.questionCount })}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
      {overview && overview.bookmarks.length > 0 && (
        <section aria-labelledby="bookmarks-heading" className="card">
          <h2 id="bookmarks-heading">{t('study.bookmarks')}</h2>
          <ul className="bookmark-list">
            {overview.bookmarks.map((b) => (
              <li key={`${b.chapterId}#${b.sectionId}`}>
                <a href={href({ name: 'chapter', chapterId: b.chapterId, sectionId: b.sectionId })}>
                  ★ {b.chapterTitle} · {b.sectionTitle}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
