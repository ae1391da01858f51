import { useCallback, useEffect, useState } from 'react';
import type { CandidateExamState, CandidateInfo, ExamInfo } from '../../../../electron/shared/examTypes';
import { ApiError, call, currentSession, setSession } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { ExamSignIn } from './ExamSignIn';
import { ExamIntro } from './ExamIntro';
import { ExamTaking } from './ExamTaking';
import { ExamResult } from './ExamResult';
import './exam.css';

type Stage =
  | { kind: 'signIn'; notice?: 'lost' | 'done' }
  | { kind: 'loading' }
  | { kind: 'intro'; candidate: CandidateInfo; exam: ExamInfo }
  | { kind: 'taking'; state: CandidateExamState; resumed: boolean }
  | { kind: 'result'; state: CandidateExamState };

/**
 * The exam PC (#/exam): sign-in with employee id and session code, identity confirmation and
 * instructions, one question per screen, the result — then back to sign-in for the next candidate.
 */
export function ExamApp() {
  const { t, locale, setLocale } = useI18n();
  const { refresh } = useSession();
  const [stage, setStage] = useState<Stage>(() => (currentSession() ? { kind: 'loading' } : { kind: 'signIn' }));

  const show = useCallback((state: CandidateExamState, resumed = false) => {
    if (!state.attempt) setStage({ kind: 'intro', candidate: state.candidate, exam: state.exam });
    else if (state.attempt.status === 'submitted') setStage({ kind: 'result', state });
    else setStage({ kind: 'taking', state, resumed });
  }, []);

  const lost = useCallback(() => {
    setSession(null);
    void refresh();
    setStage({ kind: 'signIn', notice: 'lost' });
  }, [refresh]);

  const reload = useCallback(async () => {
    try {
      show(await call('exam.state', {}));
    } catch (e) {
      if (e instanceof ApiError && (e.body.code === 'unauthenticated' || e.body.code === 'forbidden')) lost();
      else setStage({ kind: 'signIn', notice: 'lost' });
    }
  }, [show, lost]);

  // A reload of the page keeps the candidate's session: pick up where they were.
  useEffect(() => {
    if (stage.kind === 'loading') void reload();
  }, [stage.kind, reload]);

  const finish = async () => {
    await call('auth.signOut', {}).catch(() => undefined);
    setSession(null);
    await refresh();
    setStage({ kind: 'signIn', notice: 'done' });
  };

  return (
    <div className="exam-shell" onContextMenu={(e) => e.preventDefault()}>
      <header className="exam-header">
        <span className="brand-title">{t('app.title')}</span>
        <span className="exam-header-title">{t('exam.headerTitle')}</span>
        {stage.kind === 'signIn' && (
          <button type="button" className="lang-switch" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
            {t('lang.switch')}
          </button>
        )}
      </header>
      <main className="exam-main">
        {stage.kind === 'signIn' && (
          <ExamSignIn
            notice={stage.notice}
            onSignedIn={async (session, resumed) => {
              setSession(session);
              await refresh();
              const state = await call('exam.state', {});
              show(state, resumed);
            }}
          />
        )}
        {stage.kind === 'loading' && <p className="status">{t('common.loading')}</p>}
        {stage.kind === 'intro' && (
          <ExamIntro candidate={stage.candidate} exam={stage.exam} onStarted={(s) => show(s)} onNotMe={() => void finish()} onLost={lost} />
        )}
        {stage.kind === 'taking' && <ExamTaking key={stage.state.attempt!.id} initial={stage.state} resumed={stage.resumed} onFinished={(s) => show(s)} onLost={lost} />}
        {stage.kind === 'result' && <ExamResult state={stage.state} onDone={() => void finish()} />}
      </main>
    </div>
  );
}
