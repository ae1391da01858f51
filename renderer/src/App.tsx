import { useI18n } from './i18n/i18n';
import { href, useRoute } from './router';
import { ChapterList } from './features/study/ChapterList';
import { ChapterReader } from './features/study/ChapterReader';

export function App() {
  const { t, locale, setLocale } = useI18n();
  const route = useRoute();
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-title">{t('app.title')}</span>
          <span className="brand-subtitle">{t('app.subtitle')}</span>
        </div>
        <nav aria-label={t('nav.main')} className="main-nav">
          <a href={href({ name: 'study' })} aria-current={route.name === 'study' || route.name === 'chapter' ? 'page' : undefined}>
            {t('nav.study')}
          </a>
        </nav>
        <button
          type="button"
          className="lang-switch"
          aria-label={t('lang.switchLabel')}
          onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('lang.switch')}
        </button>
      </header>
      <main className="app-main">
        {route.name === 'chapter' ? <ChapterReader chapterId={route.chapterId} sectionId={route.sectionId} /> : <ChapterList />}
      </main>
    </div>
  );
}
