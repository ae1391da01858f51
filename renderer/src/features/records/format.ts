import { useMemo } from 'react';
import type { RecordRow } from '../../../../electron/shared/recordTypes';
import { useI18n } from '../../i18n/i18n';

/** Dates, scores, shares and durations in the current language. */
export function useRecordFormat() {
  const { t, locale } = useI18n();
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const score = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    // One decimal always, as the exported sheets show shares (0.0%): a column of 69% and 73.9% reads unevenly.
    const pct = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return {
      /** An exam date 'YYYY-MM-DD' (a calendar day, so no time zone shift). */
      day: (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? day.format(new Date(`${d}T00:00:00Z`)) : d),
      score: (n: number | null) => (n === null ? '—' : score.format(n)),
      /** One decimal: means, medians, SDs and the item indices (already 0–100). */
      fixed1: (n: number | null) => (n === null ? '—' : one.format(n)),
      /** A share 0–1 as a percentage. */
      share: (n: number | null) => (n === null ? '—' : pct.format(n)),
      /** A value already in percent (0–100). */
      percent: (n: number | null) => (n === null ? '—' : pct.format(n / 100)),
      duration: (ms: number | null) => {
        if (ms === null) return '—';
        const s = Math.round(ms / 1000);
        return s < 60 ? t('records.seconds', { s }) : t('records.minutes', { m: Math.floor(s / 60), s: s % 60 });
      },
      result: (r: Pick<RecordRow, 'passed' | 'state'>) =>
        r.passed === true ? t('records.passed') : r.passed === false ? t('records.failed') : t(`proctor.state.${r.state}`),
    };
  }, [t, locale]);
}
