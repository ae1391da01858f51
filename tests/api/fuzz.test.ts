import { describe, expect, it } from 'vitest';
import { ALL_ROLES, callNames, contract } from '../../electron/shared/contract';
import { errorMessages } from '../../electron/shared/errors';
import { integrityCheck } from '../../db/open';
import { startBridge } from '../../electron/bridge/server';
import { openTestApi, tempDir } from '../helpers/app';

/** A small seeded PRNG (mulberry32) so a failure can be replayed from the printed seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', ' ', 'complaints', 'principles', 'E1001', '1234', 'a'.repeat(300), '投诉', '😀🙃', '\u0000', "'; DROP TABLE people; --", '../../etc/passwd', '__proto__', 'NEAR(', '"*', '%s%n', '\uD800'];

function fuzzer(seed: number) {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const value = (depth: number): unknown => {
    switch (Math.floor(r() * (depth > 2 ? 6 : 9))) {
      case 0: return null;
      case 1: return r() < 0.5;
      case 2: return pick([0, -1, 1, 2 ** 53, -(2 ** 31), 3.14, NaN, 1e308, 42]);
      case 3: return pick(STRINGS);
      case 4: return 'x'.repeat(Math.floor(r() * 20_000));
      case 5: return String.fromCodePoint(...Array.from({ length: 1 + Math.floor(r() * 30) }, () => Math.floor(r() * 0x2ffff)));
      case 6: return Array.from({ length: Math.floor(r() * 5) }, () => value(depth + 1));
      case 7: return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [pick(['a', 'id', '__proto__', 'constructor', 'query']), value(depth + 1)]));
      default: return undefined;
    }
  };
  /** An object with the call's own field names (so payloads get past the shape often) and random values. */
  const shaped = (name: (typeof callNames)[number]) => {
    if (!Object.hasOwn(contract, name)) return value(0);
    const shape = (contract[name].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) if (r() < 0.85) out[key] = value(1);
    if (r() < 0.1) out[pick(['extra', '__proto__', 'role'])] = value(1);
    return out;
  };
  return { pick, r, payload: (name: (typeof callNames)[number]) => (r() < 0.7 ? shaped(name) : value(0)) };
}

describe('fuzzing the API', () => {
  it('≥ 10,000 random and malformed payloads: only typed answers, the database stays intact', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
    const f = fuzzer(seed);
    const api = await openTestApi();
    const codes = new Set(Object.keys(errorMessages));
    const learner = await api.call('profiles.create', { employeeId: 'FZ1', name: '模糊测试', branch: '' });
    const sessions = [undefined, learner.session, 'bogus-token'];
    const seen: Record<string, number> = {};
    const total = 10_000;
    for (let i = 0; i < total; i++) {
      const name = f.r() < 0.02 ? f.pick(['', 'x.y', '__proto__', 'system.info ']) : f.pick(callNames);
      const payload = f.payload(name as (typeof callNames)[number]);
      const r =
        f.r() < 0.5
          ? await api.gateway.call(name, payload, f.pick(sessions))
          : await api.gateway.callAs({ role: f.pick(ALL_ROLES), personId: f.r() < 0.5 ? learner.person.id : null }, name, payload);
      expect(typeof r.ok, `${name} ${JSON.stringify(payload)?.slice(0, 200)}`).toBe('boolean');
      if (!r.ok) {
        expect(codes.has(r.error.code), r.error.code).toBe(true);
        expect(r.error.code, `${name} ${JSON.stringify(payload)?.slice(0, 200)}`).not.toBe('internal');
        seen[r.error.code] = (seen[r.error.code] ?? 0) + 1;
      } else seen.ok = (seen.ok ?? 0) + 1;
    }
    console.log('fuzz outcomes', seen);
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(total);
    expect(integrityCheck(api.app.user)).toEqual([]);
    expect(integrityCheck(api.app.content)).toEqual([]);
  });

  it('malformed HTTP requests get typed answers and the bridge keeps serving', async () => {
    const f = fuzzer(7);
    const api = await openTestApi();
    const bridge = await startBridge({ gateway: api.gateway, rendererDir: tempDir() });
    try {
      for (let i = 0; i < 300; i++) {
        const name = f.pick(callNames);
        const body = f.r() < 0.3 ? String(f.payload(name)).slice(0, 5000) : JSON.stringify(f.payload(name)) ?? '';
        const res = await fetch(`http://127.0.0.1:${bridge.port}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-KB-Token': bridge.token },
          body,
        });
        const json = (await res.json()) as { ok: boolean; error?: { code: string } };
        expect(typeof json.ok).toBe('boolean');
        if (!json.ok) expect(json.error!.code).not.toBe('internal');
      }
      const ok = await fetch(`http://127.0.0.1:${bridge.port}/api/content.listChapters`, { method: 'POST', headers: { 'X-KB-Token': bridge.token }, body: '{}' });
      expect(ok.status).toBe(200);
    } finally {
      await bridge.close();
    }
  });
});
