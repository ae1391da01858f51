import type { ChapterScore } from '../../../../electron/shared/practiceTypes';
import { useI18n } from '../../i18n/i18n';
import type { PaperMessages } from './QuestionNav';

/** 各章得分 under an exam's result: one row a chapter, score of its maximum. */
export function ChapterScores({ ns, chapters }: { ns: PaperMessages; chapters: readonly ChapterScore[] }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t(`${ns}.byChapter`)}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t(`${ns}.chapter`)}</th>
            <th>{t(`${ns}.score`)}</th>
          </tr>
        </thead>
        <tbody>
          {chapters.map((c) => (
            <tr key={c.chapterId}>
              <td>{c.chapterTitle}</td>
              <td>
                {c.score} / {c.maxScore}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
