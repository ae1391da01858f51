import type { Dispatch, SetStateAction } from 'react';
import type { ResponseValue } from '../../../../electron/shared/practiceTypes';
import { useI18n } from '../../i18n/i18n';
import { isBlank } from './QuestionInput';

/** Whose strings the paper screens use: the certification exam's or the mock exam's. */
export type PaperMessages = 'exam' | 'mock';

/** Questions the candidate marked to come back to (the certification exam only), and the legend's word for them. */
export interface NavFlags {
  marked: Record<number, boolean>;
  legend: string;
}

interface Props {
  ns: PaperMessages;
  items: readonly { no: number }[];
  responses: Record<number, ResponseValue | null>;
  current: number;
  go: Dispatch<SetStateAction<number>>;
  flags?: NavFlags;
}

/** 答题卡: one button per question showing answered / flagged / current, and the legend. */
export function QuestionNav({ ns, items, responses, current, go, flags }: Props) {
  const { t } = useI18n();
  return (
    <nav className="mock-navigator card" aria-label={t(`${ns}.navigator`)}>
      <h2>{t(`${ns}.navigator`)}</h2>
      <ol>
        {items.map(({ no }) => {
          const done = !isBlank(responses[no]);
          const flag = flags?.marked[no];
          const state = [done ? t(`${ns}.legendAnswered`) : t(`${ns}.legendUnanswered`), flag ? flags?.legend : ''].filter(Boolean).join('，');
          return (
            <li key={no}>
              <button
                type="button"
                className={`nav-cell${done ? ' answered' : ''}${flag ? ' flagged' : ''}${no === current ? ' current' : ''}`}
                aria-current={no === current ? 'step' : undefined}
                aria-label={`${t(`${ns}.questionNo`, { n: no })} ${state}`}
                onClick={() => go(no)}
              >
                {no}
              </button>
            </li>
          );
        })}
      </ol>
      <p className="legend">
        <span className="nav-cell answered sample" aria-hidden="true" /> {t(`${ns}.legendAnswered`)}
        {flags && (
          <>
            <span className="nav-cell flagged sample" aria-hidden="true" /> {flags.legend}
          </>
        )}
        <span className="nav-cell sample" aria-hidden="true" /> {t(`${ns}.legendUnanswered`)}
      </p>
    </nav>
  );
}
