import { describe, expect, it } from 'vitest';
import { callNames, contract } from '../../electron/shared/contract';
import { errorMessages } from '../../electron/shared/errors';
import { openTestApi } from '../helpers/app';
import { startBridge } from '../../electron/bridge/server';
import { tempDir } from '../helpers/app';

const huge = 'x'.repeat(200_000);
/** Payloads that no call accepts: wrong shapes, wrong types, unknown fields, huge strings. */
const badPayloads: unknown[] = [
  null,
  42,
  'text',
  [],
  [1, 2],
  true,
  { __proto__: { polluted: 1 }, unknownField: 1 },
  { chapterId: 123 },
  { chapterId: huge },
  { chapterId: '../../etc/passwd' },
  { chapterId: null },
  { query: { $ne: 1 } },
  { nested: { deep: { deeper: [huge] } } },
];

function expectTypedError(r: unknown, codes: string[]) {
  const res = r as { ok: boolean; error: { code: string; message: Record<string, string> } };
  expect(res.ok).toBe(false);
  expect(codes).toContain(res.error.code);
  expect(res.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(res.error.message.en).toMatch(/[a-z]/i);
}

describe('every call refuses bad input with a typed error in both languages', () => {
  for (const name of callNames) {
    it(name, async () => {
      const api = await openTestApi();
      // Call as a role the contract allows, so the input check is what answers.
      const caller = { role: contract[name].roles[0], personId: 1 };
      for (const payload of badPayloads) {
        const accepted = contract[name].input.safeParse(payload).success;
        if (accepted) continue; // e.g. a call whose every field is optional accepts {}
        const r = await api.gateway.callAs(caller, name, payload);
        expectTypedError(r, ['invalid_input']);
      }
      // The router keeps serving after all of that.
      expect((await api.gateway.call('content.listChapters', {})).ok).toBe(true);
    });
  }

  it('unknown call names', async () => {
    const api = await openTestApi();
    for (const name of ['', 'nope', 'system.info.x', '__proto__', 'constructor', 'toString', 'x'.repeat(5000)]) {
      expectTypedError(await api.gateway.call(name, {}), ['unknown_call']);
    }
  });

  it('every error code has a message in both languages', () => {
    for (const [code, m] of Object.entries(errorMessages)) {
      expect(m['zh-CN'], code).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en, code).toMatch(/[a-z]/i);
    }
  });
});

describe('the HTTP bridge', () => {
  async function bridge() {
    const api = await openTestApi();
    const b = await startBridge({ gateway: api.gateway, rendererDir: tempDir() });
    const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${b.port}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-KB-Token': b.token, ...headers },
        body,
      });
    return { b, post };
  }

  it('answers typed errors for bad JSON, unknown calls, oversized bodies and a missing token, and keeps serving', async () => {
    const { b, post } = await bridge();
    try {
      let r = await post('/api/content.getChapter', '{not json');
      expect(r.status).toBe(400);
      expectTypedError(await r.json(), ['invalid_input']);

      r = await post('/api/no.such', '{}');
      expect(r.status).toBe(404);
      expectTypedError(await r.json(), ['unknown_call']);

      r = await post('/api/content.getChapter', JSON.stringify({ chapterId: 'x'.repeat(9 << 20) }));
      expect(r.status).toBe(413);
      expectTypedError(await r.json(), ['payload_too_large']);

      r = await post('/api/content.listChapters', '{}', { 'X-KB-Token': 'wrong' });
      expect(r.status).toBe(401);
      expectTypedError(await r.json(), ['unauthenticated']);

      r = await post('/api/content.getChapter', JSON.stringify({ chapterId: 'no-such-chapter' }));
      expect(r.status).toBe(404);
      expectTypedError(await r.json(), ['not_found']);

      r = await post('/api/content.listChapters', '{}');
      expect(r.status).toBe(200);
      const ok = (await r.json()) as { ok: boolean; value: unknown[] };
      expect(ok.ok).toBe(true);
      expect(ok.value.length).toBeGreaterThanOrEqual(8);
    } finally {
      await b.close();
    }
  });

  it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
    const { b } = await bridge();
    try {
      const http = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: b.port, path: '/api/content.listChapters', method: 'POST', headers: { Host: 'evil.example', 'X-KB-Token': b.token } },
          (res) => resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(status).toBe(421);
    } finally {
      await b.close();
    }
  });

  it('does not serve files outside the renderer folder', async () => {
    const { b } = await bridge();
    try {
      const r = await fetch(`http://127.0.0.1:${b.port}/..%2f..%2fpackage.json`);
      expect(await r.text()).not.toContain('"dependencies"');
    } finally {
      await b.close();
    }
  });

  it('reports a port already in use instead of crashing', async () => {
    const { b } = await bridge();
    try {
      const api = await openTestApi();
      await expect(startBridge({ gateway: api.gateway, rendererDir: tempDir(), port: b.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await b.close();
    }
  });
});
