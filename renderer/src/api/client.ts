import type { CallInput, CallName, CallOutput } from '../../../electron/shared/contract';
import type { ApiErrorBody, Result } from '../../../electron/shared/errors';
import type { KbApi } from '../../../electron/shared/transport';

declare global {
  interface Window {
    kb?: KbApi;
  }
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message.en);
  }
}

const TOKEN_KEY = 'kb.bridgeToken';
const SESSION_KEY = 'kb.session';

/** The HTTP bridge's per-run token arrives once in the URL; keep it for this tab and clean the address bar. */
function bridgeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}
const token = window.kb ? '' : bridgeToken();

export function setSession(session: string | null): void {
  if (session) sessionStorage.setItem(SESSION_KEY, session);
  else sessionStorage.removeItem(SESSION_KEY);
}

export function currentSession(): string | undefined {
  return sessionStorage.getItem(SESSION_KEY) ?? undefined;
}

async function overHttp(name: CallName, input: unknown, session?: string): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-KB-Token': token };
  if (session) headers['X-KB-Session'] = session;
  try {
    const res = await fetch(`./api/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(input) });
    return (await res.json()) as Result<unknown>;
  } catch {
    return {
      ok: false,
      error: {
        code: 'internal',
        message: { 'zh-CN': '无法连接到程序后台，请确认服务仍在运行。', en: 'Cannot reach the app service; check that it is still running.' },
      },
    };
  }
}

/** Calls one contract operation through whichever transport this window has. */
export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const session = currentSession();
  const result = window.kb
    ? await (window.kb[name] as (i: unknown, s?: string) => Promise<Result<unknown>>)(input, session)
    : await overHttp(name, input, session);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as CallOutput<N>;
}
