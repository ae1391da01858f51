import { contract, isCallName } from '../shared/contract';
import { AppError, errorMessages, type Result } from '../shared/errors';
import type { App } from '../services/app';
import { handlers, type Caller } from './registry';
import type { Sessions } from './sessions';

export const ANONYMOUS: Caller = { role: 'anonymous', personId: null };

export type Dispatch = (name: string, input: unknown, caller: Caller, sessionToken?: string) => Promise<Result<unknown>>;

/**
 * The single entry point of every transport: contract name → zod-validated input → role check →
 * service call → {ok, value | error}. Nothing thrown below escapes as anything but a typed error.
 */
export function createRouter(app: App, sessions: Sessions, log: (e: unknown) => void = (e) => console.error(e)): Dispatch {
  return async (name, input, caller, sessionToken) => {
    try {
      if (typeof name !== 'string' || !isCallName(name)) {
        throw new AppError('unknown_call', {
          'zh-CN': `未知的操作：${String(name).slice(0, 80)}`,
          en: `Unknown operation: ${String(name).slice(0, 80)}`,
        });
      }
      const spec = contract[name];
      if (!(spec.roles as readonly string[]).includes(caller.role)) {
        throw new AppError(caller.role === 'anonymous' ? 'unauthenticated' : 'forbidden');
      }
      const parsed = spec.input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) {
        throw new AppError(
          'invalid_input',
          undefined,
          parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      const handler = handlers[name] as (input: unknown, ctx: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data, { app, caller, sessions, sessionToken }) };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toBody() };
      log(e);
      return { ok: false, error: { code: 'internal', message: errorMessages.internal } };
    }
  };
}
