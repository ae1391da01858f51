import { useEffect } from 'react';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { Markdown } from './Markdown';
import { SectionTools } from './SectionTools';
import { useReadTracking, useStudyState } from './useStudyState';
import { useSearchHighlight } from '../search/useSearchHighlight';

export function ChapterReader({ chapterId, sectionId }: { chapterId: string; sectionId?: string }) {
  const { t } = useI18n();
  const [chapter, reload] = useCall('content.getChapter', { chapterId });
  const study = useStudyState(chapterId);
  useReadTracking(chapter.state === 'ready', study.markRead, chapterId, study.learner);

  // ] and [ move to the next and previous section (when not typing).
  useEffect(() => {
    if (chapter.state !== 'ready') return;
    const ids = chapter.value.sections.filter((s) => s.level === 2).map((s) => s.id);
    const onKey = (e: KeyboardEvent) => {
      if ((e.key !== ']' && e.key !== '[') || e.ctrlKey || e.metaKey || e.altKey) return;
      if ((e.target as HTMLElement).closest('input, textarea, select, [contenteditable]')) return;
      const at = sectionId ? ids.indexOf(sectionId) : -1;
      const next = ids[Math.min(ids.length - 1, Math.max(0, at + (e.key === ']' ? 1 : -1)))];
      if (next) window.location.hash = href({ name: 'chapter', chapterId, sectionId: next });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [chapter, chapterId, sectionId]);

  useEffect(() => {
    if (chapter.state !== 'ready') return;
    const target = sectionId ? document.getElementById(`s-${sectionId}`) : null;
    if (target) target.scrollIntoView({ block: 'start' });
    else window.scrollTo(0, 0);
  }, [chapter.state, sectionId]);
  // After the scroll above: a search hit opened here (…?hl=words) is highlighted and scrolled to.
  useSearchHighlight(chapter.state === 'ready', sectionId);

  if (chapter.state === 'loading') return <Loading />;
  if (chapter.state === 'error') return <ErrorBox error={chapter.error} onRetry={reload} />;
  const c = chapter.value;
  const top = c.sections.filter((s) => s.level === 2);
  // A ## section counts as read once the end of its last ### sub-section has been on screen.
  const lastOfGroup = new Set(c.sections.filter((s, i) => c.sections[i + 1]?.level !== 3).map((s) => s.id));
  return (
    <div className="reader">
      <nav className="toc" aria-label={t('chapter.toc')}>
        <a className="back" href={href({ name: 'study' })}>
          ← {t('chapter.backToList')}
        </a>
        <h2>{t('chapter.toc')}</h2>
        <p className="keys-hint">{t('chapter.keys')}</p>
        <ol>
          {top.map((s) => (
            <li key={s.id}>
              <a href={href({ name: 'chapter', chapterId: c.id, sectionId: s.id })} aria-current={s.id === sectionId ? 'location' : undefined}>
                {s.title}
              </a>
              {study.state.read.includes(s.id) && <span className="read-mark" aria-label={t('chapter.read')}> ✓</span>}
            </li>
          ))}
        </ol>
        <button type="button" className="secondary print-button" onClick={() => window.print()}>
          {t('chapter.print')}
        </button>
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
              {s.level === 2 && (
                <a className="practice-section-link" href={href({ name: 'practiceSet', chapterId: c.id, sectionId: s.id })} aria-label={`${t('practice.thisSection')}：${s.title}`}>
                  {t('practice.thisSection')}
                </a>
              )}
              {study.learner && (
                <SectionTools
                  title={s.title}
                  bookmarked={study.state.bookmarks.includes(s.id)}
                  note={study.state.notes[s.id] ?? ''}
                  onBookmark={(on) => study.setBookmark(s.id, on)}
                  onSaveNote={(body) => study.saveNote(s.id, body)}
                />
              )}
              <Markdown text={s.markdown} />
              {lastOfGroup.has(s.id) && <div data-section-end={s.parentId ?? s.id} aria-hidden="true" />}
            </section>
          );
        })}
      </article>
    </div>
  );
}
