import type { QuestionKind, ResponseValue } from '../../../../electron/shared/practiceTypes';
import { useI18n } from '../../i18n/i18n';

export const LETTERS = 'ABCDEFGH';

export function isBlank(v: ResponseValue | null | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'boolean') return false;
  return Array.isArray(v) ? v.length === 0 : v.trim() === '';
}

interface Props {
  /** Unique per question on screen, for radio group names and label ids. */
  name: string;
  type: QuestionKind;
  options: readonly string[];
  value: ResponseValue | null;
  onChange: (v: ResponseValue | null) => void;
  disabled?: boolean;
  /** After answering: the key letters, to mark the right options and the wrong choices. */
  keyLetters?: readonly string[];
}

/** The answer controls of one question: radios, checkboxes, 对/错, a text field or a text area. */
export function QuestionInput({ name, type, options, value, onChange, disabled, keyLetters }: Props) {
  const { t } = useI18n();
  if (type === 'single' || type === 'scenario' || type === 'multiple') {
    const multi = type === 'multiple';
    const chosen = new Set(Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);
    return (
      <fieldset className="answer-options" disabled={disabled}>
        <legend className="visually-hidden">{t(`practice.type.${type}`)}</legend>
        {options.map((text, i) => {
          const letter = LETTERS[i];
          const on = chosen.has(letter);
          const mark = keyLetters ? (keyLetters.includes(letter) ? ' is-key' : on ? ' is-wrong' : '') : '';
          return (
            <label key={letter} className={`answer-option${on ? ' chosen' : ''}${mark}`}>
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={name}
                value={letter}
                checked={on}
                onChange={() => {
                  if (!multi) return onChange(letter);
                  const next = new Set(chosen);
                  if (on) next.delete(letter);
                  else next.add(letter);
                  onChange([...next].sort());
                }}
              />
              <span className="option-letter">{letter}.</span>
              <span className="option-text">{text}</span>
            </label>
          );
        })}
      </fieldset>
    );
  }
  if (type === 'truefalse') {
    return (
      <fieldset className="answer-options truefalse" disabled={disabled}>
        <legend className="visually-hidden">{t('practice.type.truefalse')}</legend>
        {([true, false] as const).map((v) => (
          <label key={String(v)} className={`answer-option${value === v ? ' chosen' : ''}`}>
            <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
            <span className="option-text">{v ? t('practice.true') : t('practice.false')}</span>
          </label>
        ))}
      </fieldset>
    );
  }
  if (type === 'fill') {
    return (
      <label className="answer-text">
        <span>{t('practice.fillLabel')}</span>
        <input type="text" maxLength={200} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} disabled={disabled} autoComplete="off" />
      </label>
    );
  }
  return (
    <label className="answer-text">
      <span>{t('practice.essayLabel')}</span>
      <textarea rows={6} maxLength={5000} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} disabled={disabled} />
    </label>
  );
}
