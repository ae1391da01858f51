import type { CallName } from '../shared/contract';
import { AppError, type Result } from '../shared/errors';
import { ipcChannel, type IpcEnvelope, type KbApi } from '../shared/transport';

/** Sends one envelope on one channel (the preload passes ipcRenderer.invoke). */
export type Invoke = (channel: string, envelope: IpcEnvelope) => Promise<unknown>;

/**
 * `window.kb`: exactly one function per contract call, each forwarding `{input, session}` on the call's
 * own channel. Nothing else — no ipcRenderer, no generic send — so the page can reach only the contract.
 */
export function buildApi(names: readonly CallName[], invoke: Invoke): KbApi {
  const api: Record<string, (input: unknown, session?: string) => Promise<Result<unknown>>> = {};
  for (const name of names) {
    const channel = ipcChannel(name);
    api[name] = async (input, session) => {
      const envelope: IpcEnvelope = session === undefined ? { input } : { input, session };
      try {
        return (await invoke(channel, envelope)) as Result<unknown>;
      } catch {
        // The main side answers every call with a Result; reaching here means IPC itself failed.
        return { ok: false, error: new AppError('internal').toBody() };
      }
    };
  }
  return Object.freeze(api) as unknown as KbApi;
}
