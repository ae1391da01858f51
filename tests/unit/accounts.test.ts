import { describe, expect, it } from 'vitest';
import { Sessions, SESSION_IDLE_MS } from '../../electron/api/sessions';
import { hashSecret, verifySecret } from '../../electron/services/secrets';
import { verifyAuditChain } from '../../electron/services/audit';
import { openTestApi } from '../helpers/app';

async function withAdmin() {
  let now = Date.UTC(2026, 10, 24, 9);
  const api = await openTestApi({ now: () => now });
  const admin = await api.call('auth.setupAdmin', { employeeId: 'HR01', name: '人事管理员', password: 'correct horse' });
  return { api, admin, tick: (ms: number) => (now += ms) };
}

describe('secrets', () => {
  it('are hashed with scrypt and a per-record salt', () => {
    const a = hashSecret('1234');
    const b = hashSecret('1234');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(verifySecret('1234', a)).toBe(true);
    expect(verifySecret('1235', a)).toBe(false);
    expect(verifySecret('1234', 'garbage')).toBe(false);
  });
});

describe('accounts', () => {
  it('first run creates the HR administrator once; the first admin is signed in', async () => {
    const { api, admin } = await withAdmin();
    expect(admin.person).toMatchObject({ role: 'admin', employeeId: 'HR01', hasSecret: true });
    const status = await api.call('auth.status', {}, admin.session);
    expect(status).toMatchObject({ needsSetup: false, role: 'admin', person: { employeeId: 'HR01' } });
    const again = await api.gateway.call('auth.setupAdmin', { employeeId: 'X1', name: '冒充者', password: 'whatever123' });
    expect(again.ok || again.error.code).toBe('already_set_up');
    const stored = api.app.user.prepare("SELECT secret_hash FROM people WHERE employee_id = 'HR01'").pluck().get() as string;
    expect(stored).not.toContain('correct horse');
  });

  it('refuses a short administrator password with a clear message', async () => {
    const api = await openTestApi();
    const r = await api.gateway.call('auth.setupAdmin', { employeeId: 'HR01', name: '管理员', password: 'short' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.[0]).toMatchObject({ path: 'password' });
  });

  it('admins create proctors, who sign in with their password; other roles may not create accounts', async () => {
    const { api, admin } = await withAdmin();
    await api.call('accounts.create', { employeeId: 'P01', name: '王监考', branch: '', role: 'proctor', password: 'proctor-pass' }, admin.session);
    const proctor = await api.call('auth.staffSignIn', { employeeId: 'P01', password: 'proctor-pass' });
    expect(proctor.person.role).toBe('proctor');
    const r = await api.gateway.call('accounts.create', { employeeId: 'P02', name: '李', branch: '', role: 'admin', password: 'xxxxxxxx' }, proctor.session);
    expect(r.ok || r.error.code).toBe('forbidden');
    const list = await api.call('accounts.list', {}, admin.session);
    expect(list.map((p) => p.employeeId).sort()).toEqual(['HR01', 'P01']);
  });

  it('five wrong passwords lock the account for a growing delay, even against the right password', async () => {
    const { api, tick } = await withAdmin();
    const tryPw = (password: string) => api.gateway.call('auth.staffSignIn', { employeeId: 'HR01', password });
    for (let i = 1; i <= 4; i++) {
      const r = await tryPw('wrong');
      expect(r.ok || r.error.code).toBe('bad_credentials');
      if (!r.ok) expect(r.error.message.en).toContain(`${5 - i} tries left`);
    }
    let r = await tryPw('wrong');
    expect(r.ok || r.error.code).toBe('locked');
    if (!r.ok) expect(r.error.message['zh-CN']).toMatch(/30 秒后再试/);
    r = await tryPw('correct horse');
    expect(r.ok || r.error.code).toBe('locked');
    tick(31_000);
    r = await tryPw('wrong');
    expect(r.ok || r.error.code).toBe('locked');
    if (!r.ok) expect(r.error.message.en).toMatch(/in 60 seconds/);
    tick(61_000);
    expect((await tryPw('correct horse')).ok).toBe(true);
    expect((await tryPw('wrong')).ok || 'bad').toBe('bad');
  });

  it('an unknown employee id gets the same answer as a wrong password', async () => {
    const { api } = await withAdmin();
    const r = await api.gateway.call('auth.staffSignIn', { employeeId: 'NOBODY', password: 'whatever' });
    expect(r.ok || r.error.code).toBe('bad_credentials');
  });

  it('learners create profiles with an optional PIN; a PIN typed wrong five times locks the profile', async () => {
    const { api } = await withAdmin();
    const open = await api.call('profiles.create', { employeeId: 'E100', name: '张敏', branch: '城东营业厅' });
    expect(open.person).toMatchObject({ role: 'learner', hasSecret: false });
    const guarded = await api.call('profiles.create', { employeeId: 'E101', name: '李华', branch: '城西营业厅', pin: '2468' });
    expect(guarded.person.hasSecret).toBe(true);
    const profiles = await api.call('profiles.list', {});
    expect(profiles.map((p) => p.name).sort()).toEqual(['张敏', '李华'].sort());
    expect(profiles.every((p) => p.role === 'learner')).toBe(true);

    expect((await api.call('profiles.signIn', { personId: open.person.id })).person.name).toBe('张敏');
    expect((await api.call('profiles.signIn', { personId: guarded.person.id, pin: '2468' })).person.name).toBe('李华');
    for (let i = 0; i < 4; i++) {
      const r = await api.gateway.call('profiles.signIn', { personId: guarded.person.id, pin: '0000' });
      expect(r.ok || r.error.code).toBe('bad_credentials');
    }
    const locked = await api.gateway.call('profiles.signIn', { personId: guarded.person.id, pin: '0000' });
    expect(locked.ok || locked.error.code).toBe('locked');
    const dup = await api.gateway.call('profiles.create', { employeeId: 'e100', name: '重复', branch: '' });
    expect(dup.ok || dup.error.code).toBe('conflict');
  });

  it('a learner cannot sign in to a staff account through the profile picker', async () => {
    const { api, admin } = await withAdmin();
    const r = await api.gateway.call('profiles.signIn', { personId: admin.person.id });
    expect(r.ok || r.error.code).toBe('not_found');
  });

  it('signing out ends the session', async () => {
    const { api, admin } = await withAdmin();
    await api.call('auth.signOut', {}, admin.session);
    expect((await api.call('auth.status', {}, admin.session)).role).toBe('anonymous');
  });

  it('records account changes in an intact audit hash chain', async () => {
    const { api, admin } = await withAdmin();
    await api.call('accounts.create', { employeeId: 'P01', name: '王监考', branch: '', role: 'proctor', password: 'proctor-pass' }, admin.session);
    const actions = api.app.user.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(actions).toEqual(['person.create', 'person.create']);
    expect(verifyAuditChain(api.app.user)).toBeNull();
  });
});

describe('sessions', () => {
  it('expire after inactivity and are refreshed by use', () => {
    let now = 0;
    const s = new Sessions(() => now);
    const token = s.open({ role: 'learner', personId: 1 });
    now += SESSION_IDLE_MS - 1;
    expect(s.resolve(token)).not.toBeNull();
    now += SESSION_IDLE_MS - 1;
    expect(s.resolve(token)).not.toBeNull();
    now += SESSION_IDLE_MS + 1;
    expect(s.resolve(token)).toBeNull();
  });
});
