import { describe, expect, it } from 'vitest';
import { ALL_ROLES, callNames, contract } from '../../electron/shared/contract';
import { openTestApi } from '../helpers/app';

describe('role matrix: every call as every role', () => {
  it('allows exactly the roles the contract lists, and denies everyone else before running anything', async () => {
    const api = await openTestApi();
    const denied: string[] = [];
    for (const name of callNames) {
      for (const role of ALL_ROLES) {
        // An input no schema accepts: an allowed role then fails validation, a denied role never gets that far.
        const r = await api.gateway.callAs({ role, personId: null }, name, { __matrix__: true });
        const allowed = (contract[name].roles as readonly string[]).includes(role);
        expect(r.ok, `${name} as ${role}`).toBe(false);
        const code = !r.ok && r.error.code;
        if (allowed) expect(code, `${name} as ${role}`).toBe('invalid_input');
        else {
          expect(code, `${name} as ${role}`).toBe(role === 'anonymous' ? 'unauthenticated' : 'forbidden');
          denied.push(`${name}:${role}`);
        }
      }
    }
    expect(denied.length).toBeGreaterThan(0);
  });

  it('an expired or made-up session token is treated as nobody', async () => {
    const api = await openTestApi();
    const r = await api.gateway.call('accounts.list', {}, 'made-up-token');
    expect(r.ok || r.error.code).toBe('unauthenticated');
  });
});

describe('exam integrity', () => {
  it('a candidate in an exam cannot read the course or search it', async () => {
    const api = await openTestApi();
    const candidate = { role: 'candidate' as const, personId: null };
    for (const [name, input] of [
      ['content.listChapters', {}],
      ['content.getChapter', { chapterId: 'complaints' }],
      ['search.query', { query: '投诉' }],
    ] as const) {
      const r = await api.gateway.callAs(candidate, name, input);
      expect(r.ok || r.error.code, name).toBe('forbidden');
    }
  });
});
