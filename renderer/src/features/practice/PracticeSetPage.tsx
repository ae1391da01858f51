import { useCallback, useState } from 'react';
import type { PracticeScope } from '../../../../electron/shared/practiceTypes';
import { call } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { PracticeSession } from './PracticeSession';

/** Practice of a chapter, or of one section with its sub-sections. */
export function PracticeSetPage({ chapterId, sectionId }: { chapterId: string; sectionId?: string }) {
  const { t } = useI18n();
  const [scope, setScope] = useState<PracticeScope | null>(null);
  const load = useCallback(async () => {
    const set = await call('practice.start', { chapterId, ...(sectionId ? { sectionId } : {}) });
    setScope(set.scope);
    return set.questions;
  }, [chapterId, sectionId]);
  const heading = scope ? (scope.sectionTitle ? `${scope.chapterTitle} · ${scope.sectionTitle}` : scope.chapterTitle) : t('practice.heading');
  return (
    <PracticeSession
      heading={heading}
      load={load}
      back={{ href: href({ name: 'practice' }), label: t('practice.back') }}
      empty={
        sectionId ? (
          <p>
            {t('practice.emptySection')} <a href={href({ name: 'practiceSet', chapterId })}>{t('practice.thisChapter')}</a>
          </p>
        ) : (
          <p>{t('practice.empty')}</p>
        )
      }
    />
  );
}
