import type { ExpectedAnswer, ResponseValue } from '../../../../electron/shared/practiceTypes';
import { useI18n } from '../../i18n/i18n';
import { LETTERS } from './QuestionInput';

/** A response or key as a person reads it: "B. 安抚情绪", "对", "留住客户 / 留住". */
export function useAnswerText() {
  const { t } = useI18n();
  const letters = (ls: readonly string[], options: readonly string[]) => ls.map((l) => `${l}. ${options[LETTERS.indexOf(l)] ?? ''}`).join('；');
  return {
    expected(e: ExpectedAnswer, options: readonly string[]): string {
      switch (e.kind) {
        case 'choice':
          return letters(e.letters, options);
        case 'truefalse':
          return e.value ? t('practice.true') : t('practice.false');
        case 'fill':
          return e.accepted.join(' / ');
        case 'essay':
          return e.reference;
      }
    },
    response(r: ResponseValue | null, options: readonly string[]): string {
      if (r === null || (Array.isArray(r) && r.length === 0) || r === '') return t('practice.noAnswer');
      if (typeof r === 'boolean') return r ? t('practice.true') : t('practice.false');
      if (Array.isArray(r)) return letters(r, options);
      return options.length && /^[A-H]$/.test(r) ? letters([r], options) : r;
    },
  };
}
