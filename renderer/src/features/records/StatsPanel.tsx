import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { RecordFilter } from '../../../../electron/shared/calls/records';
import type { RecordStats } from '../../../../electron/shared/recordTypes';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { ChartCanvas } from './ChartCanvas';
import { ItemAnalysis } from './ItemAnalysis';
import { useRecordFormat } from './format';

const BRAND = '#0b5cab';
const OK = '#1b7f3b';

/** Chart text follows the app's font size setting (rem-based). */
function chartFontPx(): number {
  return Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.85);
}

/** Statistics of the filtered attempts: figures, score histogram, chapter mastery, item analysis. */
export function StatsPanel({ filter }: { filter: RecordFilter }) {
  const { t } = useI18n();
  const [stats, reload] = useCall('records.stats', { filter });
  return (
    <section className="card stats-panel" aria-labelledby="stats-heading" data-testid="stats-panel">
      <h2 id="stats-heading">{t('records.stats.heading')}</h2>
      {stats.state === 'loading' && <Loading />}
      {stats.state === 'error' && <ErrorBox error={stats.error} onRetry={reload} />}
      {stats.state === 'ready' && <StatsBody stats={stats.value} itemAnalysisMeaningful={Boolean(filter.sessionCode || filter.blueprintId)} />}
    </section>
  );
}

function StatsBody({ stats, itemAnalysisMeaningful }: { stats: RecordStats; itemAnalysisMeaningful: boolean }) {
  const { t, formatNumber } = useI18n();
  const f = useRecordFormat();
  const histogramLabels = useMemo(() => stats.histogram.map((b) => `${b.from}–${b.to}%`), [stats]);

  const histogram = useMemo<ChartConfiguration<'bar'>>(() => {
    const size = chartFontPx();
    return {
      type: 'bar',
      data: { labels: histogramLabels, datasets: [{ label: t('records.stats.people'), data: stats.histogram.map((b) => b.count), backgroundColor: BRAND }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { title: { display: true, text: t('records.stats.scoreShare'), font: { size } }, ticks: { font: { size } } },
          y: { beginAtZero: true, title: { display: true, text: t('records.stats.people'), font: { size } }, ticks: { precision: 0, font: { size } } },
        },
      },
    };
  }, [stats, histogramLabels, t]);

  const mastery = useMemo<ChartConfiguration<'bar'>>(() => {
    const size = chartFontPx();
    return {
      type: 'bar',
      data: {
        labels: stats.byChapter.map((c) => c.chapterTitle),
        datasets: [{ label: t('records.stats.mastery'), data: stats.byChapter.map((c) => Math.round(c.mastery * 10) / 10), backgroundColor: OK }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0, max: 100, title: { display: true, text: t('records.stats.masteryAxis'), font: { size } }, ticks: { font: { size } } },
          y: { ticks: { font: { size }, autoSkip: false } },
        },
      },
    };
  }, [stats, t]);

  if (stats.attempts === 0) return <p className="muted">{t('records.stats.none')}</p>;
  const histogramSummary = t('records.stats.histogramLabel', {
    bins: stats.histogram
      .map((b, i) => ({ b, label: histogramLabels[i] }))
      .filter(({ b }) => b.count > 0)
      .map(({ b, label }) => `${label}: ${formatNumber(b.count)}`)
      .join('，'),
  });
  const masterySummary = t('records.stats.masteryLabel', { chapters: stats.byChapter.map((c) => `${c.chapterTitle} ${f.percent(c.mastery)}`).join('，') });
  return (
    <>
      <dl className="stat-figures" data-testid="stat-figures">
        <div>
          <dt>{t('records.stats.attempts')}</dt>
          <dd>{formatNumber(stats.attempts)}</dd>
        </div>
        <div>
          <dt>{t('records.stats.graded')}</dt>
          <dd>{formatNumber(stats.graded)}</dd>
        </div>
        <div>
          <dt>{t('records.stats.passRate')}</dt>
          <dd>{f.share(stats.passRate)}</dd>
        </div>
        <div>
          <dt>{t('records.stats.mean')}</dt>
          <dd>{f.fixed1(stats.mean)}</dd>
        </div>
        <div>
          <dt>{t('records.stats.median')}</dt>
          <dd>{f.fixed1(stats.median)}</dd>
        </div>
        <div>
          <dt>{t('records.stats.sd')}</dt>
          <dd>{f.fixed1(stats.sd)}</dd>
        </div>
        <div>
          <dt>{t('records.stats.maxScore')}</dt>
          <dd>{f.score(stats.maxScore)}</dd>
        </div>
      </dl>
      {stats.graded < stats.attempts && <p className="field-hint">{t('records.stats.gradedOnly')}</p>}

      <div className="chart-grid">
        <figure className="chart-figure">
          <figcaption>{t('records.stats.histogram')}</figcaption>
          <ChartCanvas config={histogram} label={histogramSummary} testId="chart-histogram" />
          <div className="table-scroll" role="region" aria-label={t('records.stats.histogram')} tabIndex={0}>
          <table className="data-table compact figures-table">
            <caption className="visually-hidden">{t('records.stats.histogram')}</caption>
            <thead>
              <tr>
                <th scope="row">{t('records.stats.scoreShare')}</th>
                {histogramLabels.map((l) => (
                  <th scope="col" key={l}>
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('records.stats.people')}</th>
                {stats.histogram.map((b) => (
                  <td key={b.from}>{formatNumber(b.count)}</td>
                ))}
              </tr>
            </tbody>
          </table>
          </div>
        </figure>
        <figure className="chart-figure">
          <figcaption>{t('records.stats.byChapter')}</figcaption>
          <ChartCanvas config={mastery} label={masterySummary} className={`rows-${Math.min(12, stats.byChapter.length)}`} testId="chart-mastery" />
          <table className="data-table compact figures-table">
            <caption className="visually-hidden">{t('records.stats.byChapter')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('records.col.chapter')}</th>
                <th scope="col" className="num">{t('records.stats.mastery')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.byChapter.map((c) => (
                <tr key={c.chapterId}>
                  <th scope="row">{c.chapterTitle}</th>
                  <td className="num">{f.percent(c.mastery)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      </div>

      <ItemAnalysis items={stats.items} meaningful={itemAnalysisMeaningful} />
    </>
  );
}
