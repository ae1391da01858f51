import type { Dispatch, ReactNode, SetStateAction } from 'react';
import type { MockItemView, ResponseValue } from '../../../../electron/shared/practiceTypes';
import { useI18n } from '../../i18n/i18n';
import { QuestionInput } from './QuestionInput';
import { QuestionNav, type NavFlags, type PaperMessages } from './QuestionNav';

interface Props {
  ns: PaperMessages;
  items: readonly Omit<MockItemView, 'response'>[];
  responses: Record<number, ResponseValue | null>;
  current: number;
  go: Dispatch<SetStateAction<number>>;
  /** `text`: a typed answer (saved once typing pauses), not a choice. */
  onAnswer: (no: number, value: ResponseValue | null, text: boolean) => void;
  disabled?: boolean;
  save: { text: string; failed?: boolean; testId?: string };
  /** More buttons between 上一题 and 下一题. */
  children?: ReactNode;
  flags?: NavFlags;
}

/** An exam paper on screen: the answer sheet beside the current question. */
export function PaperView({ flags, ...props }: Props) {
  return (
    <div className="mock-layout">
      <QuestionNav ns={props.ns} items={props.items} responses={props.responses} current={props.current} go={props.go} flags={flags} />
      <QuestionCard {...props} />
    </div>
  );
}

/** The question on screen in an exam paper: number, type, points, save state, stem, answer controls, 上一题 / 下一题. */
function QuestionCard({ ns, items, responses, current, go, onAnswer, disabled, save, children }: Omit<Props, 'flags'>) {
  const { t } = useI18n();
  const item = items[current - 1];
  return (
    <article className="card question-card" aria-labelledby={`${ns}-q-stem`} data-no={item.no}>
      <p className="question-meta">
        <span className="q-no">{t(`${ns}.questionNo`, { n: item.no })}</span>
        <span className="type-badge">{t(`practice.type.${item.type}`)}</span>
        <span className="muted">{t('practice.points', { n: item.points })}</span>
        <span className={`save-state${save.failed ? ' failed' : ''}`} aria-live="polite" data-testid={save.testId}>
          {save.text}
        </span>
      </p>
      <h2 id={`${ns}-q-stem`} className="question-stem">
        {item.stem}
      </h2>
      <QuestionInput
        key={item.no}
        name={`${ns}-${item.no}`}
        type={item.type}
        options={item.options}
        value={responses[item.no] ?? null}
        onChange={(v) => onAnswer(item.no, v, item.type === 'fill' || item.type === 'essay')}
        disabled={disabled}
      />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => go((c) => c - 1)} disabled={current === 1}>
          {t(`${ns}.prev`)}
        </button>
        {children}
        <button type="button" className="secondary" onClick={() => go((c) => c + 1)} disabled={current === items.length}>
          {t(`${ns}.next`)}
        </button>
      </div>
    </article>
  );
}
