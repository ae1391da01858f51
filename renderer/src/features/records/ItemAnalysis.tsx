import { useState } from 'react';
import type { ItemStat } from '../../../../electron/shared/recordTypes';
import { useI18n } from '../../i18n/i18n';
import { useRecordFormat } from './format';

/**
 * Moodle's quiz statistics per question: facility, SD, discrimination and discriminative efficiency.
 * Items whose discrimination is negative or near zero are highlighted with the reason.
 */
export function ItemAnalysis({ items, meaningful }: { items: ItemStat[]; meaningful: boolean }) {
  const { t, formatNumber } = useI18n();
  const f = useRecordFormat();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const flagged = items.filter((i) => i.flag !== null).length;
  // Items to review come first: negative discrimination, then weak, then the rest in paper order.
  const rank = (i: ItemStat) => (i.flag === 'negative' ? 0 : i.flag === 'weak' ? 1 : 2);
  const sorted = [...items].sort((a, b) => rank(a) - rank(b));
  const shown = flaggedOnly ? sorted.filter((i) => i.flag !== null) : sorted;
  return (
    <section className="item-analysis" aria-labelledby="items-heading">
      <h3 id="items-heading">{t('records.items.heading')}</h3>
      {!meaningful && <p className="field-hint">{t('records.items.chooseScope')}</p>}
      <details className="items-help">
        <summary>{t('records.items.helpSummary')}</summary>
        <ul>
          <li>{t('records.items.helpFacility')}</li>
          <li>{t('records.items.helpDiscrimination')}</li>
          <li>{t('records.items.helpEfficiency')}</li>
          <li>{t('records.items.helpFlags')}</li>
        </ul>
      </details>
      {items.length === 0 ? (
        <p className="muted">{t('records.items.none')}</p>
      ) : (
        <>
          <p className={flagged ? 'flag-note' : 'muted'} data-testid="flagged-count">
            {flagged ? t('records.items.flagged', { n: formatNumber(flagged), total: formatNumber(items.length) }) : t('records.items.noneFlagged', { total: formatNumber(items.length) })}
          </p>
          {flagged > 0 && (
            <label className="choice">
              <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} />
              {t('records.items.flaggedOnly')}
            </label>
          )}
          <div className="table-scroll items-scroll" role="region" aria-labelledby="items-heading" tabIndex={0}>
            <table className="data-table compact items-table" data-testid="items-table">
              <thead>
                <tr>
                  <th scope="col">{t('records.items.question')}</th>
                  <th scope="col">{t('records.col.chapter')}</th>
                  <th scope="col">{t('records.items.type')}</th>
                  <th scope="col" className="num">{t('records.items.attempts')}</th>
                  <th scope="col" className="num">{t('records.items.facility')}</th>
                  <th scope="col" className="num">{t('records.items.sd')}</th>
                  <th scope="col" className="num">{t('records.items.discrimination')}</th>
                  <th scope="col" className="num">{t('records.items.efficiency')}</th>
                  <th scope="col">{t('records.items.flag')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((i) => (
                  <tr key={i.questionId} className={i.flag ? `flag-${i.flag}` : undefined} data-flag={i.flag ?? undefined}>
                    <td className="stem-cell">
                      <span className="muted question-id">{i.questionId}</span> {i.stem}
                    </td>
                    <td className="chapter-cell">{i.chapterTitle}</td>
                    <td className="nowrap">{t(`practice.type.${i.type}`)}</td>
                    <td className="num">{formatNumber(i.attempts)}</td>
                    <td className="num">{f.fixed1(i.facility)}</td>
                    <td className="num">{f.fixed1(i.sd)}</td>
                    <td className="num">{f.fixed1(i.discrimination)}</td>
                    <td className="num">{f.fixed1(i.efficiency)}</td>
                    <td>{i.flag ? <span className={`badge flag-badge-${i.flag}`}>{t(`records.items.flag.${i.flag}`)}</span> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
