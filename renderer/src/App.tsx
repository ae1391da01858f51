import { useI18n } from './i18n/i18n';
import { Brand } from './components/Brand';
import { href, useRoute } from './router';
import { ChapterList } from './features/study/ChapterList';
import { ChapterReader } from './features/study/ChapterReader';
import { ProfilePage } from './features/profiles/ProfilePage';
import { StaffPage } from './features/profiles/StaffPage';
import { AdminPage } from './features/admin/AdminPage';
import { useSession } from './session';
import { FontSize } from './components/FontSize';
import { SearchBox } from './features/search/SearchBox';
import { PracticeRoutes, isPracticeRoute } from './features/practice/PracticeRoutes';
import { ExamApp } from './features/exam/ExamApp';
import { ProctorHome } from './features/proctor/ProctorHome';
import { SessionPage } from './features/proctor/SessionPage';
import { AttemptPage } from './features/proctor/AttemptPage';
import { RecordsPage } from './features/records/RecordsPage';
import { AttemptDetailPage } from './features/records/AttemptDetailPage';
import { PersonHistoryPage } from './features/records/PersonHistoryPage';

export function App() {
  const { t, locale, setLocale } = useI18n();
  const route = useRoute();
  const { status } = useSession();
  const person = status?.person;
  // The exam PC shows only the exam: no navigation away from it.
  if (route.name === 'exam') return <ExamApp />;
  return (
    <div className="app">
      <header className={status?.role === 'proctor' || status?.role === 'admin' ? 'app-header with-staff-links' : 'app-header'}>
        <Brand />
        <nav aria-label={t('nav.main')} className="main-nav">
          <a href={href({ name: 'study' })} aria-current={route.name === 'study' || route.name === 'chapter' ? 'page' : undefined}>
            {t('nav.study')}
          </a>
          <a href={href({ name: 'practice' })} aria-current={isPracticeRoute(route) ? 'page' : undefined}>
            {t('nav.practice')}
          </a>
          <a href={href({ name: 'exam' })}>{t('nav.exam')}</a>
          {(status?.role === 'proctor' || status?.role === 'admin') && (
            <a href={href({ name: 'proctor' })} aria-current={route.name.startsWith('proctor') ? 'page' : undefined}>
              {t('nav.proctor')}
            </a>
          )}
          {(status?.role === 'proctor' || status?.role === 'admin') && (
            <a href={href({ name: 'records' })} aria-current={route.name.startsWith('record') ? 'page' : undefined}>
              {t('nav.records')}
            </a>
          )}
          {status?.role === 'admin' && (
            <a href={href({ name: 'admin' })} aria-current={route.name === 'admin' ? 'page' : undefined}>
              {t('nav.admin')}
            </a>
          )}
        </nav>
        <SearchBox />
        <a className="user-chip" href={href({ name: person && person.role !== 'learner' ? 'staff' : 'profiles' })} aria-current={route.name === 'profiles' ? 'page' : undefined}>
          {person ? `${person.name} · ${t(`role.${person.role}`)}` : t('nav.profile')}
        </a>
        <a className="staff-link" href={href({ name: 'staff' })} aria-current={route.name === 'staff' ? 'page' : undefined}>
          {t('nav.staff')}
        </a>
        <FontSize />
        <button
          type="button"
          className="lang-switch"
          title={t('lang.switchLabel')}
          lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
          onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('lang.switch')}
        </button>
      </header>
      <main className="app-main">
        {route.name === 'chapter' ? (
          <ChapterReader chapterId={route.chapterId} sectionId={route.sectionId} />
        ) : route.name === 'profiles' ? (
          <ProfilePage />
        ) : route.name === 'staff' ? (
          <StaffPage />
        ) : route.name === 'admin' ? (
          <AdminPage />
        ) : route.name === 'proctor' ? (
          <ProctorHome />
        ) : route.name === 'proctorSession' ? (
          <SessionPage sessionId={route.sessionId} />
        ) : route.name === 'proctorAttempt' ? (
          <AttemptPage attemptId={route.attemptId} />
        ) : route.name === 'records' ? (
          <RecordsPage query={route.query} />
        ) : route.name === 'recordAttempt' ? (
          <AttemptDetailPage uid={route.uid} />
        ) : route.name === 'recordPerson' ? (
          <PersonHistoryPage employeeId={route.employeeId} />
        ) : isPracticeRoute(route) ? (
          <PracticeRoutes route={route} />
        ) : (
          <ChapterList />
        )}
      </main>
    </div>
  );
}
