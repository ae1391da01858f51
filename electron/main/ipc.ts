/**
 * The IPC registry: the only place that calls ipcMain.handle. One channel per contract call; every
 * message's sender frame is checked (our app:// origin, main frame) before its payload is even looked at
 * (as VS Code's electron-main/ipcMain.ts validates every sender). Electron objects are parameters and
 * typed structurally, so tests run this with plain fakes.
 */
import type { Gateway } from '../api/gateway';
import { callNames, type CallName } from '../shared/contract';
import { AppError, type ApiErrorBody, type Result } from '../shared/errors';
import { ipcChannel } from '../shared/transport';
import { isAppUrl } from './origin';

/** What the registry needs of a frame (Electron's WebFrameMain fits). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

/** What the registry needs of an invoke event (Electron's IpcMainInvokeEvent fits). */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
  readonly sender: { readonly mainFrame: SenderFrame };
}

export type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;

/** What the registry needs of ipcMain (main.ts passes the real one, so the compiler checks the fit). */
export interface IpcRegistrar {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

export type SenderProblem = 'no_frame' | 'subframe' | 'foreign_origin';

const MAX_SESSION_TOKEN = 256;

/** Why a sender is refused, or null when it is our own main frame. */
export function senderProblem(event: InvokeEvent): SenderProblem | null {
  const frame = event.senderFrame;
  if (!frame) return 'no_frame';
  if (frame.parent !== null || frame !== event.sender.mainFrame) return 'subframe';
  if (!isAppUrl(frame.url)) return 'foreign_origin';
  return null;
}

function refusal(code: 'forbidden' | 'invalid_input', zh: string, en: string): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: new AppError(code, { 'zh-CN': zh, en }).toBody() };
}

export const untrustedSender = () =>
  refusal('forbidden', '请求来自不受信任的页面，已拒绝。', 'The request came from an untrusted page and was refused.');

/** Reads the one IpcEnvelope argument: `{ input, session? }`. */
function readEnvelope(args: unknown[]): { input: unknown; session: string | undefined } | null {
  if (args.length !== 1) return null;
  const envelope = args[0];
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return null;
  const { input, session } = envelope as { input?: unknown; session?: unknown };
  if (session !== undefined && (typeof session !== 'string' || session.length > MAX_SESSION_TOKEN)) return null;
  return { input, session };
}

export interface IpcOptions {
  /** Where refused senders are reported (default: console.warn). */
  warn?: (message: string) => void;
}

/** The listener for one call: sender check, envelope check, then the gateway. */
export function createCallHandler(name: CallName, gateway: Pick<Gateway, 'call'>, opts: IpcOptions = {}): InvokeListener {
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  return async (event, ...args) => {
    const problem = senderProblem(event);
    if (problem) {
      warn(`[ipc] refused ${name} from ${problem}: ${String(event.senderFrame?.url ?? '(no frame)').slice(0, 200)}`);
      return untrustedSender();
    }
    const envelope = readEnvelope(args);
    if (!envelope) {
      return refusal('invalid_input', '请求格式不正确。', 'The request is malformed.');
    }
    try {
      return await gateway.call(name, envelope.input, envelope.session);
    } catch {
      return { ok: false, error: new AppError('internal').toBody() };
    }
  };
}

/** Registers one handler per contract call; returns the channels and a function that removes them. */
export function registerIpc(
  ipcMain: IpcRegistrar,
  gateway: Pick<Gateway, 'call'>,
  opts: IpcOptions & { names?: readonly CallName[] } = {},
): { channels: string[]; dispose(): void } {
  const channels: string[] = [];
  for (const name of opts.names ?? callNames) {
    const channel = ipcChannel(name);
    ipcMain.handle(channel, createCallHandler(name, gateway, opts));
    channels.push(channel);
  }
  return {
    channels,
    dispose: () => {
      for (const channel of channels) ipcMain.removeHandler(channel);
    },
  };
}
