import { describe, expect, it } from 'vitest';
import { createCallHandler, registerIpc, senderProblem, type InvokeEvent, type InvokeListener, type SenderFrame } from '../../electron/main/ipc';
import { ipcChannel } from '../../electron/shared/transport';
import type { Result } from '../../electron/shared/errors';

const mainFrame: SenderFrame = { url: 'app://kb/index.html#/study', parent: null };
const fromFrame = (senderFrame: SenderFrame | null, top: SenderFrame = mainFrame): InvokeEvent => ({ senderFrame, sender: { mainFrame: top } });

/** Records what reaches the gateway; every assertion below is about whether it was reached. */
function recordingGateway() {
  const calls: { name: string; input: unknown; session?: string }[] = [];
  return {
    calls,
    call: async (name: string, input: unknown, session?: string): Promise<Result<unknown>> => {
      calls.push({ name, input, session });
      return { ok: true, value: 'reached' };
    },
  };
}

function expectRefused(result: Result<unknown>, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(result.error.message.en).toMatch(/[a-z]/i);
}

describe('IPC sender check', () => {
  it('accepts the main frame of our app:// origin and passes input and session through', async () => {
    const gateway = recordingGateway();
    const handler = createCallHandler('content.listChapters', gateway, { warn: () => {} });
    const result = await handler(fromFrame(mainFrame), { input: { a: 1 }, session: 'token-1' });
    expect(result).toEqual({ ok: true, value: 'reached' });
    expect(gateway.calls).toEqual([{ name: 'content.listChapters', input: { a: 1 }, session: 'token-1' }]);
  });

  const refusedSenders: [string, InvokeEvent][] = [
    ['missing frame (navigated away or destroyed)', fromFrame(null)],
    ['subframe of our own page', fromFrame({ url: 'app://kb/index.html', parent: mainFrame })],
    ['a frame claiming to be top-level that is not the main frame', fromFrame({ url: 'app://kb/index.html', parent: null })],
    ['https://evil.example', fromFrame({ url: 'https://evil.example/', parent: null }, { url: 'https://evil.example/', parent: null })],
    ['file://', fromFrame({ url: 'file:///C:/app/index.html', parent: null }, { url: 'file:///C:/app/index.html', parent: null })],
    ['another app:// host', fromFrame({ url: 'app://evil/index.html', parent: null }, { url: 'app://evil/index.html', parent: null })],
    ['a look-alike host', fromFrame({ url: 'app://kb.evil.example/', parent: null }, { url: 'app://kb.evil.example/', parent: null })],
    ['credentials in the URL', fromFrame({ url: 'app://user:pw@kb/', parent: null }, { url: 'app://user:pw@kb/', parent: null })],
    ['the HTTP bridge origin', fromFrame({ url: 'http://127.0.0.1:5173/', parent: null }, { url: 'http://127.0.0.1:5173/', parent: null })],
    ['about:blank', fromFrame({ url: 'about:blank', parent: null }, { url: 'about:blank', parent: null })],
    ['an empty URL', fromFrame({ url: '', parent: null }, { url: '', parent: null })],
  ];

  for (const [label, event] of refusedSenders) {
    it(`refuses ${label} without calling the handler`, async () => {
      // For the last cases the frame *is* its page's main frame: only the origin is wrong.
      const gateway = recordingGateway();
      const warnings: string[] = [];
      const handler = createCallHandler('system.info', gateway, { warn: (m) => warnings.push(m) });
      expectRefused(await handler(event, { input: {} }), 'forbidden');
      expect(gateway.calls).toHaveLength(0);
      expect(warnings).toHaveLength(1);
      expect(senderProblem(event)).not.toBeNull();
    });
  }

  it('classifies why a sender is refused', () => {
    expect(senderProblem(fromFrame(mainFrame))).toBeNull();
    expect(senderProblem(fromFrame(null))).toBe('no_frame');
    expect(senderProblem(fromFrame({ url: 'app://kb/', parent: mainFrame }))).toBe('subframe');
    const evil = { url: 'https://evil.example/', parent: null };
    expect(senderProblem(fromFrame(evil, evil))).toBe('foreign_origin');
  });

  it('refuses malformed envelopes from a trusted frame before the gateway', async () => {
    const gateway = recordingGateway();
    const handler = createCallHandler('system.info', gateway, { warn: () => {} });
    const bad: unknown[][] = [[], [null], [[1]], ['text'], [{ input: {} }, 'extra'], [{ input: {}, session: 42 }], [{ input: {}, session: 'x'.repeat(10_000) }]];
    for (const args of bad) expectRefused(await handler(fromFrame(mainFrame), ...args), 'invalid_input');
    expect(gateway.calls).toHaveLength(0);
  });

  it('turns a throwing gateway into a typed internal error', async () => {
    const handler = createCallHandler('system.info', { call: async () => { throw new Error('boom'); } });
    expectRefused(await handler(fromFrame(mainFrame), { input: {} }), 'internal');
  });

  it('every registered channel applies the check', async () => {
    const gateway = recordingGateway();
    const handlers = new Map<string, InvokeListener>();
    const registry = registerIpc({ handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) }, gateway, { warn: () => {} });
    expect(handlers.size).toBe(registry.channels.length);
    const evil = { url: 'https://evil.example/', parent: null };
    for (const [, listener] of handlers) expectRefused(await listener(fromFrame(evil, evil), { input: {} }), 'forbidden');
    expect(gateway.calls).toHaveLength(0);
    const listChapters = handlers.get(ipcChannel('content.listChapters'))!;
    expect(await listChapters(fromFrame(mainFrame), { input: {} })).toEqual({ ok: true, value: 'reached' });
    registry.dispose();
    expect(handlers.size).toBe(0);
  });
});
