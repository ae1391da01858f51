import { useCallback, useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { PracticeSession } from './PracticeSession';

/** 错题本: open wrong answers by chapter, each chapter redone until every one is right. */
export function WrongBookPage() {
  const { t, formatDate } = useI18n();
  const [book, reload] = useCall('practice.wrongBook', {});
  if (book.state === 'loading') return <Loading />;
  if (book.state === 'error') return <ErrorBox error={book.error} onRetry={reload} />;
  return (
    <section aria-labelledby="wrong-heading" className="wrong-book">
      <a className="back" href={href({ name: 'practice' })}>
        ← {t('practice.back')}
      </a>
      <h1 id="wrong-heading">{t('wrong.heading')}</h1>
      <p className="lead">{t('wrong.intro')}</p>
      {book.value.length === 0 && <p className="card">{t('wrong.empty')}</p>}
      {book.value.map((c) => (
        <section key={c.chapterId} className="card wrong-chapter" data-chapter={c.chapterId} aria-labelledby={`wb-${c.chapterId}`}>
          <div className="wrong-chapter-head">
            <h2 id={`wb-${c.chapterId}`}>
              <span className="chapter-no">{t('study.chapterNo', { n: c.order })}</span> {c.chapterTitle}
            </h2>
            <span className="muted">
              {t('wrong.chapterCount', { n: c.items.length })}
              {c.resolved ? ` · ${t('wrong.resolvedCount', { n: c.resolved })}` : ''}
            </span>
            {c.items.length > 0 && (
              <a className="button-link" href={href({ name: 'wrongBook', chapterId: c.chapterId })}>
                {t('wrong.retry')}
              </a>
            )}
          </div>
          {c.items.length === 0 ? (
            <p className="muted">{t('wrong.allDone')}</p>
          ) : (
            <ul className="wrong-items">
              {c.items.map((it) => (
                <li key={it.question.id} data-question={it.question.id}>
                  <span className="type-badge">{t(`practice.type.${it.question.type}`)}</span>
                  <span className="wrong-stem">{it.question.stem}</span>
                  <span className="muted wrong-times" title={formatDate(it.lastWrongAt)}>
                    {t('wrong.times', { n: it.wrongCount })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}

/** Redo the open wrong answers of one chapter; "again" brings back the ones still wrong. */
export function WrongBookRetry({ chapterId }: { chapterId: string }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(chapterId);
  const load = useCallback(async () => {
    const chapter = (await call('practice.wrongBook', {})).find((c) => c.chapterId === chapterId);
    if (chapter) setTitle(chapter.chapterTitle);
    return chapter?.items.map((i) => i.question) ?? [];
  }, [chapterId]);
  return (
    <PracticeSession
      heading={t('wrong.retryTitle', { title })}
      load={load}
      back={{ href: href({ name: 'wrongBook' }), label: t('wrong.heading') }}
      empty={<p>{t('wrong.allDone')}</p>}
      againLabel={t('wrong.retry')}
    />
  );
}
