/**
 * Score records through the real router on real SQLite files: the list and every filter, pagination, a
 * proctor's scope (their own sessions only), a person's history, one attempt in detail (keys, answers,
 * time spent, focus losses, resume gaps) and the statistics of a session.
 */
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../electron/services/paper';
import type { RecordFilter } from '../../electron/shared/calls/records';
import type { RecordRow } from '../../electron/shared/recordTypes';
import type { CallInput } from '../../electron/shared/contract';
import { PROCTOR, ROSTER, examWorld, type ExamWorld } from '../helpers/exam';
import { takeSession } from '../helpers/records';

const MIN = 60_000;
const ADMIN = { employeeId: 'A001', password: 'admin-pass-1' };
const PROCTOR2 = { employeeId: 'P002', password: 'proctor-pass-2' };

/** A fresh staff session (taking a session moves the test clock past the 30-minute idle limit of older ones). */
async function staff(w: ExamWorld, who: { employeeId: string; password: string }): Promise<string> {
  return (await w.api.call('auth.staffSignIn', who)).session;
}

async function list(w: ExamWorld, session: string, filter: RecordFilter = {}, offset = 0, limit = 500) {
  return w.api.call('records.list', { filter, offset, limit }, session);
}

const uidsOf = (rows: RecordRow[]) => rows.map((r) => r.uid).sort();
const sorted = (uids: string[]) => [...uids].sort();

/** Creates and opens a session as the given proctor (examWorld's openSession always uses its first proctor). */
async function openAs(w: ExamWorld, proctor: string, opts: Partial<CallInput<'proctor.createSession'>> = {}) {
  const s = await w.api.call(
    'proctor.createSession',
    { blueprintId: 'certification', title: '六月认证', date: '2025-06-02', room: '培训室B', timeLimitMinutes: 90, passScore: 60, roster: ROSTER, ...opts },
    proctor,
  );
  await w.api.call('proctor.setSessionStatus', { sessionId: s.id, action: 'open' }, proctor);
  return { sessionId: s.id, code: s.code };
}

/** The same world seen by a second proctor: the sessions it opens are theirs. */
async function secondProctor(w: ExamWorld): Promise<ExamWorld> {
  await w.api.call('accounts.create', { employeeId: 'P002', name: '李监考', branch: '', role: 'proctor', password: PROCTOR2.password }, await staff(w, ADMIN));
  const proctor = await staff(w, PROCTOR2);
  return { ...w, proctor, openSession: (opts = {}) => openAs(w, proctor, opts) };
}

describe('records list and filters', () => {
  it('filters by date range, session, branch, person, result, state and origin; pages with a total', async () => {
    const w = await examWorld();
    const a = await takeSession(w, { count: 6, title: '六月认证A', date: '2025-06-02' });
    const b = await takeSession(w, { count: 4, title: '六月认证B', date: '2025-06-10', branch: () => '城北营业厅', seed: 3 });
    const c = await takeSession(w, { count: 2, title: '六月认证C', date: '2025-06-12', gradeEssays: false, seed: 5 });
    const admin = await staff(w, ADMIN);
    // One attempt still running (opened last, so no later clock advance expires it).
    const open = await openAs(w, await staff(w, PROCTOR), { title: '六月认证D', date: '2025-06-15' });
    const token = await w.signIn('E001', open.code);
    await w.api.call('exam.start', {}, token);
    await w.api.call('exam.saveAnswer', { no: 1, response: 'A' }, token).catch(() => undefined);
    const running = w.api.app.user.prepare("SELECT uid FROM exam_attempts WHERE status = 'in_progress'").pluck().all() as string[];
    expect(running).toHaveLength(1);

    const all = await list(w, admin);
    expect(all.total).toBe(13);
    expect(sorted(all.rows.map((r) => r.uid))).toEqual(sorted([...a.uids, ...b.uids, ...c.uids, ...running]));
    expect(all.rows[0]).toMatchObject({ sessionTitle: '六月认证D', examDate: '2025-06-15', employeeId: 'E001', name: '张敏', state: 'in_progress', score: null, passed: null, origin: 'local' });
    expect(all.rows.every((r) => /^[0-9a-f]{32}$/.test(r.uid) && /^[0-9a-f]{64}$/.test(r.fingerprint))).toBe(true);

    // Pagination: pages put together are the whole list, in order, with the same total.
    const pages = [await list(w, admin, {}, 0, 5), await list(w, admin, {}, 5, 5), await list(w, admin, {}, 10, 5)];
    expect(pages.map((p) => p.rows.length)).toEqual([5, 5, 3]);
    expect(pages.every((p) => p.total === 13)).toBe(true);
    expect(pages.flatMap((p) => p.rows.map((r) => r.uid))).toEqual(all.rows.map((r) => r.uid));

    // Date range (the session's exam date, inclusive).
    expect(uidsOf((await list(w, admin, { to: '2025-06-05' })).rows)).toEqual(sorted(a.uids));
    expect(uidsOf((await list(w, admin, { from: '2025-06-10', to: '2025-06-12' })).rows)).toEqual(sorted([...b.uids, ...c.uids]));
    expect((await list(w, admin, { from: '2025-06-13' })).rows.map((r) => r.uid)).toEqual(running);

    // Session, branch.
    expect(uidsOf((await list(w, admin, { sessionCode: a.code })).rows)).toEqual(sorted(a.uids));
    expect(uidsOf((await list(w, admin, { branch: '城北营业厅' })).rows)).toEqual(sorted(b.uids));
    const west = (await list(w, admin, { branch: '城西营业厅' })).rows;
    expect(west.length).toBeGreaterThan(0);
    expect(west.every((r) => r.branch === '城西营业厅')).toBe(true);

    // Person: employee id in any case, or part of a name.
    const r1 = (await list(w, admin, { person: 'r0001' })).rows;
    expect(r1.map((r) => r.sessionTitle).sort()).toEqual(['六月认证A', '六月认证B', '六月认证C']);
    expect(r1.every((r) => r.employeeId === 'R0001' && r.name === '考生1')).toBe(true);
    const third = (await list(w, admin, { person: '生3' })).rows;
    expect(third.map((r) => `${r.sessionTitle}/${r.name}`).sort()).toEqual(['六月认证A/考生3', '六月认证B/考生3']);
    expect((await list(w, admin, { person: '张敏' })).rows.map((r) => r.uid)).toEqual(running);

    // Result and state.
    const final = await list(w, admin, { state: 'final' });
    const pending = await list(w, admin, { state: 'pending_grading' });
    expect(pending.total).toBeGreaterThan(0);
    expect(pending.rows.every((r) => c.uids.includes(r.uid) && r.passed === null && r.state === 'pending_grading')).toBe(true);
    expect(final.total).toBe(10 + (2 - pending.total));
    expect(final.rows.every((r) => r.state === 'final' && r.score !== null && r.passed !== null)).toBe(true);
    expect((await list(w, admin, { state: 'in_progress' })).rows.map((r) => r.uid)).toEqual(running);
    const passed = await list(w, admin, { result: 'passed' });
    const failed = await list(w, admin, { result: 'failed' });
    expect(passed.total).toBeGreaterThan(0);
    expect(failed.total).toBeGreaterThan(0);
    expect(passed.total + failed.total).toBe(final.total);
    expect(passed.rows.every((r) => r.passed === true && r.score! >= r.passScore)).toBe(true);
    expect(failed.rows.every((r) => r.passed === false && r.score! < r.passScore)).toBe(true);
    // Filters combine.
    const combined = await list(w, admin, { sessionCode: a.code, result: 'passed' });
    expect(combined.rows.every((r) => a.uids.includes(r.uid) && r.passed)).toBe(true);
    expect(combined.total).toBe(passed.rows.filter((r) => a.uids.includes(r.uid)).length);

    // Origin: everything here was taken on this PC.
    expect((await list(w, admin, { origin: 'local' })).total).toBe(13);
    expect((await list(w, admin, { origin: 'imported' })).total).toBe(0);

    // A person's history: every attempt of the employee id, newest first.
    const history = await w.api.call('records.person', { employeeId: 'r0001' }, admin);
    expect(history.map((r) => r.sessionTitle)).toEqual(['六月认证C', '六月认证B', '六月认证A']);
    expect(history.map((r) => r.startedAt)).toEqual([...history.map((r) => r.startedAt)].sort((x, y) => y - x));
    expect(await w.api.call('records.person', { employeeId: 'NOBODY' }, admin)).toEqual([]);

    // Filter options: the sessions, blueprints and branches among the records.
    const options = await w.api.call('records.filterOptions', {}, admin);
    expect(options.sessions.map((s) => s.title)).toEqual(['六月认证D', '六月认证C', '六月认证B', '六月认证A']);
    expect(options.sessions.find((s) => s.code === a.code)).toEqual({ code: a.code, title: '六月认证A', date: '2025-06-02' });
    expect(options.blueprints).toHaveLength(1);
    expect(options.blueprints[0].id).toBe('certification');
    expect(options.blueprints[0].title).not.toBe('certification'); // the title from content.db
    expect(options.branches).toEqual(['城东营业厅', '城北营业厅', '城南营业厅', '城西营业厅'].sort());
  });
});

describe('who sees which records', () => {
  it("a proctor sees only the sessions they created and is refused another proctor's record; admin sees all", async () => {
    const w = await examWorld();
    const mine = await takeSession(w, { count: 3, title: '一号考场认证' });
    const w2 = await secondProctor(w);
    const theirs = await takeSession(w2, { count: 3, title: '二号考场认证', date: '2025-06-03', seed: 9 });
    const admin = await staff(w, ADMIN);
    w.proctor = await staff(w, PROCTOR);
    w2.proctor = await staff(w, PROCTOR2);

    expect(uidsOf((await list(w, w.proctor)).rows)).toEqual(sorted(mine.uids));
    expect(uidsOf((await list(w, w2.proctor)).rows)).toEqual(sorted(theirs.uids));
    expect(uidsOf((await list(w, admin)).rows)).toEqual(sorted([...mine.uids, ...theirs.uids]));
    // The scope holds whatever the filter asks for.
    expect((await list(w, w2.proctor, { sessionCode: mine.code })).total).toBe(0);
    expect((await w.api.call('records.person', { employeeId: 'R0001' }, w.proctor)).map((r) => r.uid)).toEqual([mine.uids[0]]);
    expect((await w.api.call('records.person', { employeeId: 'R0001' }, admin)).map((r) => r.uid)).toEqual([theirs.uids[0], mine.uids[0]]);

    const refused = await w.raw('records.attempt', { uid: theirs.uids[0] }, w.proctor);
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    const refused2 = await w.raw('records.attempt', { uid: mine.uids[1] }, w2.proctor);
    expect(!refused2.ok && refused2.error.code).toBe('forbidden');
    const missing = await w.raw('records.attempt', { uid: 'f'.repeat(32) }, admin);
    expect(!missing.ok && missing.error.code).toBe('not_found');
    expect((await w.api.call('records.attempt', { uid: theirs.uids[0] }, w2.proctor)).row.uid).toBe(theirs.uids[0]);
    expect((await w.api.call('records.attempt', { uid: theirs.uids[0] }, admin)).row.sessionTitle).toBe('二号考场认证');

    expect((await w.api.call('records.filterOptions', {}, w.proctor)).sessions.map((s) => s.code)).toEqual([mine.code]);
    expect((await w.api.call('records.filterOptions', {}, w2.proctor)).sessions.map((s) => s.code)).toEqual([theirs.code]);
    expect((await w.api.call('records.filterOptions', {}, admin)).sessions.map((s) => s.code).sort()).toEqual([mine.code, theirs.code].sort());

    expect((await w.api.call('records.stats', { filter: {} }, w.proctor)).attempts).toBe(3);
    expect((await w.api.call('records.stats', { filter: { sessionCode: mine.code } }, w2.proctor)).attempts).toBe(0);
    expect((await w.api.call('records.stats', { filter: {} }, admin)).attempts).toBe(6);
  });
});

describe('one attempt in detail', () => {
  it('shows every item with key, answer, outcome and time spent, the focus losses and a resume gap a proctor signed', async () => {
    const w = await examWorld();
    const admin = await staff(w, ADMIN);
    const { code } = await w.openSession({ settings: { multipleScoring: 'all_or_nothing', showScore: true, allowReview: false, focusLossLimit: 0, resumeGapMinutes: 2 } });
    let token = await w.signIn('E001', code);
    const started = (await w.api.call('exam.start', {}, token)).attempt!;
    const startedAt = w.clock.wall;
    const uid = w.api.app.user.prepare('SELECT uid FROM exam_attempts WHERE id = ?').pluck().get(started.id) as string;
    const paper = JSON.parse(w.api.app.user.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(started.id) as string) as Paper;
    const first = paper.items[0];
    const third = paper.items[2];
    const second = paper.items[1];
    const answerOf = (it: Paper['items'][number]) => (it.type === 'truefalse' ? !(it.key[0] as boolean) : it.type === 'multiple' ? [it.key[0] as string] : it.type === 'fill' || it.type === 'essay' ? '答案' : (it.key[0] as string));

    w.clock.advance(30_000);
    await w.api.call('exam.saveAnswer', { no: first.no, response: answerOf(first) }, token);
    w.clock.advance(45_000);
    await w.api.call('exam.saveAnswer', { no: third.no, response: answerOf(third) }, token);
    await w.api.call('exam.reportFocusLoss', { kind: 'blur' }, token);
    const blurAt = w.clock.wall;
    w.clock.advance(10_000);
    await w.api.call('exam.saveAnswer', { no: first.no, response: answerOf(first) }, token); // saved again: not timed again
    const lastSave = w.clock.wall;
    await w.api.call('exam.reportFocusLoss', { kind: 'hidden' }, token);

    // The PC "crashes"; 3 minutes later (over the 2-minute policy) the proctor signs the resume and credits the gap.
    w.clock.advance(3 * MIN);
    expect(await w.api.call('exam.signIn', { employeeId: 'E001', code })).toMatchObject({ kind: 'needs_proctor' });
    const resumed = await w.api.call('exam.signIn', { employeeId: 'E001', code, proctor: PROCTOR, creditGap: true });
    if (resumed.kind !== 'signed_in') throw new Error('resume refused');
    token = resumed.session;
    const resumedAt = w.clock.wall;
    w.clock.advance(15_000);
    await w.api.call('exam.saveAnswer', { no: second.no, response: answerOf(second) }, token);
    await w.api.call('exam.submit', {}, token);

    for (const session of [w.proctor, admin]) {
      const d = await w.api.call('records.attempt', { uid }, session);
      expect(d.row).toMatchObject({ uid, employeeId: 'E001', name: '张敏', origin: 'local', submitKind: 'candidate', startedAt });
      expect(d.items).toHaveLength(paper.items.length);
      // Every question as delivered, with its key and points.
      d.items.forEach((it, i) => {
        expect(it).toMatchObject({ no: paper.items[i].no, questionId: paper.items[i].questionId, stem: paper.items[i].stem, key: paper.items[i].key, points: paper.items[i].points, reference: paper.items[i].reference });
        expect(it.chapterTitle.length).toBeGreaterThan(0);
      });
      const view = (no: number) => d.items.find((it) => it.no === no)!;
      expect(view(first.no)).toMatchObject({ response: answerOf(first), timeSpentMs: 30_000 });
      expect(view(third.no)).toMatchObject({ response: answerOf(third), timeSpentMs: 45_000 });
      // Timed from the previous save of any item (including the gap before the resume).
      expect(view(second.no)).toMatchObject({ response: answerOf(second), timeSpentMs: w.clock.wall - lastSave });
      const untouched = d.items.filter((it) => ![first.no, second.no, third.no].includes(it.no));
      expect(untouched.every((it) => it.response === null && it.timeSpentMs === null && it.outcome === 'unanswered' && it.score === 0)).toBe(true);
      // Outcomes and points add up to the score.
      const answered = [view(first.no), view(second.no), view(third.no)];
      expect(answered.every((it) => it.outcome !== null && it.score !== null)).toBe(true);
      expect(d.items.reduce((s, it) => s + (it.score ?? 0), 0)).toBeCloseTo(d.row.score!, 6);
      expect(d.byChapter.reduce((s, c) => s + c.max, 0)).toBe(d.row.maxScore);
      expect(d.byChapter.reduce((s, c) => s + c.score, 0)).toBeCloseTo(d.row.score!, 6);

      expect(d.focusEvents).toEqual([
        { at: blurAt, kind: 'blur' },
        { at: lastSave, kind: 'hidden' },
      ]);
      expect(d.resumeGaps).toEqual([{ at: resumedAt, gapMs: 3 * MIN, creditedMs: 3 * MIN, authorizedBy: 'P001' }]);
      expect(d.extraMs).toBe(3 * MIN);
      expect(d.audit.map((e) => e.action)).toEqual(expect.arrayContaining(['exam.focus_loss', 'exam.resume']));
      expect(d.signer).toBeNull();
      expect(d.row.passed).toBe(false);
      expect(d.certificate).toBeNull();
      expect(d.seed).toBe(w.api.app.user.prepare('SELECT seed FROM exam_attempts WHERE id = ?').pluck().get(started.id));
    }
  });
});

describe('statistics of a session', () => {
  it('are consistent with the list; facility in range; items discriminate positively when ability rises', async () => {
    const w = await examWorld();
    const s = await takeSession(w, { count: 20, seed: 11 });
    const admin = await staff(w, ADMIN);
    const rows = (await list(w, admin, { sessionCode: s.code })).rows;
    const passed = (await list(w, admin, { sessionCode: s.code, result: 'passed' })).total;
    const stats = await w.api.call('records.stats', { filter: { sessionCode: s.code } }, admin);

    expect(stats.attempts).toBe(20);
    expect(stats.graded).toBe(20);
    expect(stats.passRate! * 20).toBeCloseTo(passed, 9);
    const scores = rows.map((r) => r.score!);
    expect(stats.mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 20, 9);
    const ordered = [...scores].sort((a, b) => a - b);
    expect(stats.median).toBeCloseTo((ordered[9] + ordered[10]) / 2, 9);
    expect(stats.sd).toBeGreaterThan(0);
    expect(stats.maxScore).toBe(rows[0].maxScore);
    expect(stats.histogram).toHaveLength(10);
    expect(stats.histogram.reduce((n, b) => n + b.count, 0)).toBe(20);
    const pct = (x: number) => Math.min(9, Math.floor((x * 100) / stats.maxScore! / 10 + 1e-9));
    expect(stats.histogram.map((b) => b.count)).toEqual(Array.from({ length: 10 }, (_, i) => scores.filter((x) => pct(x) === i).length));

    expect(stats.byChapter.length).toBeGreaterThan(1);
    expect(stats.byChapter.every((c) => c.mastery >= 0 && c.mastery <= 100 && c.chapterTitle.length > 0)).toBe(true);

    expect(stats.items.length).toBeGreaterThan(0);
    for (const it of stats.items) {
      expect(it.facility).toBeGreaterThanOrEqual(0);
      expect(it.facility).toBeLessThanOrEqual(100);
      expect(it.attempts).toBeGreaterThan(0);
      expect(it.attempts).toBeLessThanOrEqual(20);
      if (it.discrimination !== null) {
        expect(Math.abs(it.discrimination)).toBeLessThanOrEqual(100 + 1e-9);
        expect(it.flag).toBe(it.discrimination < 0 ? 'negative' : it.discrimination < 10 ? 'weak' : null);
      } else expect(it.flag).toBeNull();
    }
    const measured = stats.items.filter((it) => it.discrimination !== null);
    expect(measured.length).toBeGreaterThan(stats.items.length / 2);
    // Papers are drawn at random, so each question is seen by a few candidates; over ~270 measured items about
    // 80 % discriminate positively and the attempt-weighted mean index is about 40 (6 runs: 79–83 %, 39–46).
    const positive = measured.filter((it) => it.discrimination! > 0).length;
    expect(positive / measured.length).toBeGreaterThan(0.65);
    const weighted = measured.reduce((sum, it) => sum + it.discrimination! * it.attempts, 0) / measured.reduce((n, it) => n + it.attempts, 0);
    expect(weighted).toBeGreaterThan(20);

    // A blueprint filter covers the same attempts here; a state that has no score gives no figures.
    const byBlueprint = await w.api.call('records.stats', { filter: { blueprintId: 'certification' } }, admin);
    expect(byBlueprint.mean).toBeCloseTo(stats.mean!, 9);
    expect(await w.api.call('records.stats', { filter: { state: 'in_progress' } }, admin)).toMatchObject({ attempts: 0, graded: 0, passRate: null, mean: null, items: [] });

    // The strongest candidate passes and gets a certificate; a failed attempt has none.
    const best = rows.find((r) => r.passed)!;
    const cert = (await w.api.call('records.attempt', { uid: best.uid }, admin)).certificate;
    expect(cert?.number).toMatch(/^KF-20250602-[0-9A-F]{8}$/);
    const worst = rows.find((r) => r.passed === false);
    if (worst) expect((await w.api.call('records.attempt', { uid: worst.uid }, admin)).certificate).toBeNull();
  });
});
