import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/i18n';
import { App } from './App';
import { SessionProvider } from './session';
import { call } from './api/client';
import { RecoveryScreen } from './features/recovery/RecoveryScreen';
import type { RecoveryStatus } from '../../electron/shared/types';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
// A damaged user.db puts the service in recovery mode: then only the recovery screen can work.
const recovery: RecoveryStatus | null = await call('recovery.status', {}).catch(() => null);
root.render(
  <StrictMode>
    <I18nProvider>
      {recovery?.mode === 'recovery' ? (
        <RecoveryScreen status={recovery} />
      ) : (
        <SessionProvider>
          <App />
        </SessionProvider>
      )}
    </I18nProvider>
  </StrictMode>,
);
