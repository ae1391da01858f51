import { useEffect } from 'react';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { Markdown } from './Markdown';

export function ChapterReader({ chapterId, sectionId }: { chapterId: string; sectionId?: string }) {
  const { t } = useI18n();
  const [chapter, reload] = useCall('content.getChapter', { chapterId });

  useEffect(() => {
    if (chapter.state !== 'ready') return;
    const target = sectionId ? document.getElementById(`s-${sectionId}`) : null;
    if (target) target.scrollIntoView({ block: 'start' });
    else window.scrollTo(0, 0);
  }, [chapter.state, sectionId]);

  if (chapter.state === 'loading') return <Loading />;
  if (chapter.state === 'error') return <ErrorBox error={chapter.error} onRetry={reload} />;
  const c = chapter.value;
  const top = c.sections.filter((s) => s.level === 2);
  return (
    <div className="reader">
      <nav className="toc" aria-label={t('chapter.toc')}>
        <a className="back" href={href({ name: 'study' })}>
          ← {t('chapter.backToList')}
        </a>
        <h2>{t('chapter.toc')}</h2>
        <ol>
          {top.map((s) => (
            <li key={s.id}>
              <a href={href({ name: 'chapter', chapterId: c.id, sectionId: s.id })} aria-current={s.id === sectionId ? 'location' : undefined}>
                {s.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <article className="chapter" aria-labelledby="chapter-title">
        <p className="chapter-no">{t('study.chapterNo', { n: c.order })}</p>
        <h1 id="chapter-title">{c.title}</h1>
        <p className="lead">{c.summary}</p>
        <div className="objectives">
          <h2>{t('chapter.objectives')}</h2>
          <ul>
            {c.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </div>
        {c.intro && <Markdown text={c.intro} />}
        {c.sections.map((s) => {
          const Heading = s.level === 2 ? 'h2' : 'h3';
          return (
            <section key={s.id} id={`s-${s.id}`} className={`section level-${s.level}`} data-section={s.id}>
              <Heading>{s.title}</Heading>
              <Markdown text={s.markdown} />
            </section>
          );
        })}
      </article>
    </div>
  );
}
