import { setMonotonicClock } from '../../electron/services/examClock';
import type { CallInput, CallName, CallOutput } from '../../electron/shared/contract';
import type { Result } from '../../electron/shared/errors';
import { openTestApi, type TestApi } from './app';

export const PROCTOR = { employeeId: 'P001', password: 'proctor-pass-1' };

/** A test clock: `advance` moves wall and monotonic time together; `jumpWall` moves only the wall clock. */
export class TestClock {
  wall = Date.UTC(2025, 5, 2, 1, 0, 0);
  mono = 1_000;
  advance(ms: number) {
    this.wall += ms;
    this.mono += ms;
  }
  jumpWall(ms: number) {
    this.wall += ms;
  }
}

export interface ExamWorld {
  api: TestApi;
  clock: TestClock;
  proctor: string;
  proctorId: number;
  /** Raw call through the gateway (Result, not unwrapped). */
  raw<N extends CallName>(name: N, input: CallInput<N>, session?: string): Promise<Result<CallOutput<N>>>;
  /** Creates and opens a session with the given roster; returns its id and code. */
  openSession(opts?: Partial<CallInput<'proctor.createSession'>>): Promise<{ sessionId: number; code: string }>;
  /** Signs a candidate in (expects success) and returns the session token. */
  signIn(employeeId: string, code: string): Promise<string>;
}

export const ROSTER = [
  { employeeId: 'E001', name: '张敏', branch: '城东营业厅' },
  { employeeId: 'E002', name: '李强', branch: '城西营业厅' },
  { employeeId: 'E003', name: '王芳', branch: '城南营业厅' },
];

export async function examWorld(): Promise<ExamWorld> {
  const clock = new TestClock();
  const api = await openTestApi({ now: () => clock.wall });
  setMonotonicClock(api.app, () => clock.mono);
  const admin = await api.call('auth.setupAdmin', { employeeId: 'A001', name: '人事管理员', password: 'admin-pass-1' });
  const person = await api.call('accounts.create', { employeeId: PROCTOR.employeeId, name: '王监考', branch: '', role: 'proctor', password: PROCTOR.password }, admin.session);
  const proctor = (await api.call('auth.staffSignIn', PROCTOR)).session;
  const raw = (async (name: CallName, input: unknown, session?: string) => api.gateway.call(name, input, session)) as ExamWorld['raw'];
  return {
    api,
    clock,
    proctor,
    proctorId: person.id,
    raw,
    async openSession(opts = {}) {
      const s = await api.call(
        'proctor.createSession',
        { blueprintId: 'certification', title: '2025年6月客服代表认证', date: '2025-06-02', room: '培训室A', timeLimitMinutes: 90, passScore: 60, roster: ROSTER, ...opts },
        proctor,
      );
      await api.call('proctor.setSessionStatus', { sessionId: s.id, action: 'open' }, proctor);
      return { sessionId: s.id, code: s.code };
    },
    async signIn(employeeId, code) {
      const r = await api.call('exam.signIn', { employeeId, code });
      if (r.kind !== 'signed_in') throw new Error(`sign-in needs a proctor (gap ${r.gapMinutes} min)`);
      return r.session;
    },
  };
}
