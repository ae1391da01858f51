/**
 * One contract, four ways in: a call handled by one transport and missing from another fails here,
 * and so does a name outside the contract that some transport accepts.
 */
import { describe, expect, it } from 'vitest';
import { callNames, isCallName, type CallName } from '../../electron/shared/contract';
import { ipcChannel, IPC_PREFIX, type IpcEnvelope } from '../../electron/shared/transport';
import type { Result } from '../../electron/shared/errors';
import { registerIpc, type InvokeEvent, type InvokeListener } from '../../electron/main/ipc';
import { buildApi } from '../../electron/preload/buildApi';
import { startBridge } from '../../electron/bridge/server';
import { commands } from '../../electron/cli/commands';
import { openTestApi, tempDir } from '../helpers/app';

const NOT_IN_CONTRACT = ['nope.nothing', 'system', 'system.info.extra', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''];
const trustedEvent: InvokeEvent = (() => {
  const frame = { url: 'app://kb/index.html', parent: null };
  return { senderFrame: frame, sender: { mainFrame: frame } };
})();
const ADMIN = { role: 'admin' as const, personId: null };

function fakeIpcMain() {
  const handlers = new Map<string, InvokeListener>();
  return {
    handlers,
    handle(channel: string, listener: InvokeListener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
}

const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('every contract call is reachable through every transport', () => {
  it('the contract has calls and unique names', () => {
    expect(callNames.length).toBeGreaterThan(0);
    expect(new Set(callNames).size).toBe(callNames.length);
    for (const name of NOT_IN_CONTRACT) expect(isCallName(name), name).toBe(false);
  });

  it('Electron IPC: the registry handles exactly one channel per call, and each reaches the router', async () => {
    const api = await openTestApi();
    const ipcMain = fakeIpcMain();
    const { channels } = registerIpc(ipcMain, api.gateway, { warn: () => {} });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(callNames.map(ipcChannel).sort());
    expect(channels.sort()).toEqual(callNames.map(ipcChannel).sort());
    for (const name of callNames) {
      const result = await ipcMain.handlers.get(ipcChannel(name))!(trustedEvent, { input: {} });
      expect(codeOf(result), name).not.toBe('unknown_call');
    }
    for (const name of NOT_IN_CONTRACT) expect(ipcMain.handlers.has(`${IPC_PREFIX}${name}`), name).toBe(false);
    expect([...ipcMain.handlers.keys()].every((c) => c.startsWith(IPC_PREFIX) && isCallName(c.slice(IPC_PREFIX.length)))).toBe(true);
  });

  it('preload: window.kb has exactly one function per call, each on its own channel', async () => {
    const sent: { channel: string; envelope: IpcEnvelope }[] = [];
    const kb = buildApi(callNames, async (channel, envelope) => {
      sent.push({ channel, envelope });
      return { ok: true, value: null };
    });
    expect(Object.keys(kb).sort()).toEqual([...callNames].sort());
    expect(Object.isFrozen(kb)).toBe(true);
    for (const name of callNames) {
      const fn = (kb as unknown as Record<string, (input: unknown, session?: string) => Promise<Result<unknown>>>)[name];
      expect(typeof fn, name).toBe('function');
      await fn({ probe: name }, 'session-token');
    }
    expect(sent).toEqual(callNames.map((name) => ({ channel: ipcChannel(name), envelope: { input: { probe: name }, session: 'session-token' } })));
    for (const name of NOT_IN_CONTRACT) {
      if (name === '') continue;
      expect(Object.hasOwn(kb, name), name).toBe(false);
    }
  });

  it('preload → IPC registry → router end to end returns real data', async () => {
    const api = await openTestApi();
    const ipcMain = fakeIpcMain();
    registerIpc(ipcMain, api.gateway, { warn: () => {} });
    const kb = buildApi(callNames, async (channel, envelope) => {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler(trustedEvent, envelope);
    });
    const chapters = await kb['content.listChapters']({});
    expect(chapters.ok).toBe(true);
    if (chapters.ok) expect(chapters.value.length).toBeGreaterThan(0);
    // A failure of IPC itself still arrives as a typed error, never a rejected promise.
    const broken = buildApi(['system.info'], async () => {
      throw new Error('No handler registered');
    });
    expect(codeOf(await broken['system.info']({}))).toBe('internal');
  });

  it('HTTP bridge: every call is served; names outside the contract are unknown_call', async () => {
    const api = await openTestApi();
    const bridge = await startBridge({ gateway: api.gateway, rendererDir: tempDir() });
    try {
      const post = async (name: string) => {
        const res = await fetch(`http://127.0.0.1:${bridge.port}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-KB-Token': bridge.token },
          body: '{}',
        });
        return (await res.json()) as Result<unknown>;
      };
      for (const name of callNames) expect(codeOf(await post(name)), name).not.toBe('unknown_call');
      for (const name of NOT_IN_CONTRACT.filter(Boolean)) expect(codeOf(await post(name)), name).toBe('unknown_call');
    } finally {
      await bridge.close();
    }
  });

  it('CLI: the router path the CLI uses accepts every call, and every command maps onto a call', async () => {
    const api = await openTestApi();
    for (const name of callNames) expect(codeOf(await api.gateway.callAs(ADMIN, name, {})), name).not.toBe('unknown_call');
    for (const name of NOT_IN_CONTRACT) expect(codeOf(await api.gateway.callAs(ADMIN, name, {})), name).toBe('unknown_call');
    expect(commands.length).toBeGreaterThan(0);
    let mapped = 0;
    for (const command of commands) {
      let target: { call: CallName } | undefined;
      try {
        target = command.toCall([], []);
      } catch {
        continue; // a command that needs arguments refuses an empty command line; its type still names a call
      }
      expect(isCallName(target.call), command.name).toBe(true);
      mapped++;
    }
    expect(mapped).toBeGreaterThan(0);
  });
});
