/**
 * Certification exams through the real router on real SQLite files: sessions and rosters, candidate
 * sign-in, papers from recorded seeds, durable answers, the server-owned clock (deadlines, clock jumps,
 * pauses, the resume policy), proctor actions with their audit entries, and 简答 grading.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/services/audit';
import { drawPaper, paperFingerprint, type Paper } from '../../electron/services/paper';
import { loadBank, loadBlueprint } from '../../electron/services/questionBank';
import { CLOCK_JUMP_MS } from '../../electron/services/examClock';
import type { ResponseValue } from '../../electron/shared/practiceTypes';
import { PROCTOR, examWorld, type ExamWorld } from '../helpers/exam';

const MIN = 60_000;

function storedPaper(w: ExamWorld, attemptId: number): Paper {
  return JSON.parse(w.api.app.user.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string) as Paper;
}

/** A response that is right for a snapshot item (read from the database, as only the server can). */
function rightAnswer(item: Paper['items'][number]): ResponseValue {
  if (item.type === 'truefalse') return item.key[0] as boolean;
  if (item.type === 'fill') return String(item.key[0]);
  if (item.type === 'essay') return '先安抚客户情绪，再了解问题，提出解决方案并跟进。';
  if (item.type === 'multiple') return item.key as string[];
  return item.key[0] as string;
}

function wrongAnswer(item: Paper['items'][number]): ResponseValue {
  if (item.type === 'truefalse') return !(item.key[0] as boolean);
  if (item.type === 'fill') return '完全不对的答案';
  if (item.type === 'essay') return '不知道';
  const wrong = 'ABCDEFGH'.slice(0, item.options.length).split('').find((l) => !item.key.includes(l))!;
  return item.type === 'multiple' ? [wrong] : wrong;
}

function audit(w: ExamWorld, action: string) {
  return (w.api.app.user.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').all(action) as { actor_id: number | null; target: string; details: string }[]).map((r) => ({
    ...r,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

describe('exam sessions and rosters', () => {
  it('creates a session from the certification blueprint with a short code, and proctor actions are audited', async () => {
    const w = await examWorld();
    const blueprints = await w.api.call('proctor.blueprints', {}, w.proctor);
    expect(blueprints.map((b) => b.id)).toEqual(['certification']);
    expect(blueprints[0]).toMatchObject({ maxScore: 100, questionCount: 72 });

    const s = await w.api.call(
      'proctor.createSession',
      { blueprintId: 'certification', title: '六月认证', date: '2025-06-02', room: '301', timeLimitMinutes: 60, passScore: 70, settings: { multipleScoring: 'partial', showScore: false, allowReview: false, focusLossLimit: 3, resumeGapMinutes: 2 } },
      w.proctor,
    );
    expect(s.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(s.status).toBe('draft');
    expect(s.settings).toEqual({ multipleScoring: 'partial', showScore: false, allowReview: false, focusLossLimit: 3, resumeGapMinutes: 2 });
    const create = audit(w, 'exam.session_create');
    expect(create).toHaveLength(1);
    expect(create[0].actor_id).toBe(w.proctorId);

    // Not a certification blueprint, or a pass mark over the maximum: refused.
    const mock = await w.raw('proctor.createSession', { blueprintId: 'mock', title: 'x', date: '2025-06-02', timeLimitMinutes: 60, passScore: 60 }, w.proctor);
    expect(!mock.ok && mock.error.code).toBe('not_found');
    const tooHigh = await w.raw('proctor.createSession', { blueprintId: 'certification', title: 'x', date: '2025-06-02', timeLimitMinutes: 60, passScore: 101 }, w.proctor);
    expect(!tooHigh.ok && tooHigh.error.code).toBe('invalid_input');

    // Candidates cannot sign in before the session opens.
    await w.api.call('proctor.addCandidate', { sessionId: s.id, candidate: { employeeId: 'E010', name: '赵六', branch: '' } }, w.proctor);
    const early = await w.raw('exam.signIn', { employeeId: 'E010', code: s.code });
    expect(!early.ok && early.error.code).toBe('forbidden');

    await w.api.call('proctor.setSessionStatus', { sessionId: s.id, action: 'open', reason: '开考' }, w.proctor);
    // A walk-in added after opening is marked so.
    const walkIn = await w.api.call('proctor.addCandidate', { sessionId: s.id, candidate: { employeeId: 'E011', name: '钱七', branch: '城北' } }, w.proctor);
    expect(walkIn.walkIn).toBe(true);
    const dup = await w.raw('proctor.addCandidate', { sessionId: s.id, candidate: { employeeId: 'e011', name: '重复', branch: '' } }, w.proctor);
    expect(!dup.ok && dup.error.code).toBe('conflict');
    // Codes are typed in lower case too.
    const r = await w.api.call('exam.signIn', { employeeId: 'E010', code: s.code.toLowerCase() });
    expect(r.kind).toBe('signed_in');
    expect(audit(w, 'exam.session_open')[0].details).toMatchObject({ from: 'draft', reason: '开考' });
    expect(verifyAuditChain(w.api.app.user)).toBeNull();
  });

  it('imports a CSV roster with per-row errors and keeps the good rows', async () => {
    const w = await examWorld();
    const { sessionId } = await w.openSession({ roster: [] });
    const csv = [
      '\uFEFF工号,姓名,所属网点',
      'E100,陈一,城东营业厅',
      ',无工号,城东',
      'E 101,空格工号,城东',
      'E102,,城西',
      '"E103","林, 二","城""南"""',
      'E100,重复,城东',
      '',
      'E104,周五,',
    ].join('\r\n');
    const report = await w.api.call('proctor.importRoster', { sessionId, format: 'csv', data: csv }, w.proctor);
    expect(report.added).toBe(3);
    expect(report.errors.map((e) => e.row)).toEqual([3, 4, 5, 7]);
    expect(report.errors[0].message['zh-CN']).toContain('第 3 行');
    expect(report.errors[3].message['zh-CN']).toContain('重复');
    const view = await w.api.call('proctor.getSession', { sessionId }, w.proctor);
    expect(view.roster.map((c) => [c.employeeId, c.name, c.branch])).toEqual([
      ['E100', '陈一', '城东营业厅'],
      ['E103', '林, 二', '城"南"'],
      ['E104', '周五', ''],
    ]);
    // Importing the same file again adds nobody: each row is reported as already on the roster.
    const again = await w.api.call('proctor.importRoster', { sessionId, format: 'csv', data: csv }, w.proctor);
    expect(again.added).toBe(0);
    expect(again.errors.filter((e) => e.message.en.includes('already on the roster'))).toHaveLength(3);
  });

  it('imports an XLSX roster (first sheet, header in any column order)', async () => {
    const w = await examWorld();
    const { sessionId } = await w.openSession({ roster: [] });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名单');
    sheet.addRow(['姓名', '工号', '网点']);
    sheet.addRow(['孙八', 'X200', '城东']);
    sheet.addRow(['吴九', 'bad id!', '城西']);
    sheet.addRow(['郑十', 201, '城南']);
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const report = await w.api.call('proctor.importRoster', { sessionId, format: 'xlsx', data }, w.proctor);
    expect(report.added).toBe(2);
    expect(report.errors.map((e) => e.row)).toEqual([3]);
    const view = await w.api.call('proctor.getSession', { sessionId }, w.proctor);
    expect(view.roster.map((c) => [c.employeeId, c.name])).toEqual([
      ['201', '郑十'],
      ['X200', '孙八'],
    ]);
    const junk = await w.raw('proctor.importRoster', { sessionId, format: 'xlsx', data: Buffer.from('not a zip').toString('base64') }, w.proctor);
    expect(!junk.ok && junk.error.code).toBe('invalid_input');
  });
});

describe('taking the exam', () => {
  it('signs in with employee id + code, draws a paper from a recorded seed, and the same seed gives the same paper', async () => {
    const w = await examWorld();
    const { code } = await w.openSession();
    const bad = await w.raw('exam.signIn', { employeeId: 'E001', code: 'ZZZZZZ' });
    expect(!bad.ok && bad.error.code).toBe('not_found');
    const stranger = await w.raw('exam.signIn', { employeeId: 'E999', code });
    expect(!stranger.ok && stranger.error.message['zh-CN']).toContain('名单');

    const signIn = await w.api.call('exam.signIn', { employeeId: 'E001', code });
    expect(signIn.kind === 'signed_in' && signIn.candidate).toEqual({ employeeId: 'E001', name: '张敏', branch: '城东营业厅' });
    const token = signIn.kind === 'signed_in' ? signIn.session : '';
    const before = await w.api.call('exam.state', {}, token);
    expect(before.attempt).toBeNull();
    expect(before.exam).toMatchObject({ questionCount: 72, maxScore: 100, timeLimitMinutes: 90, sessionStatus: 'open' });

    const started = await w.api.call('exam.start', {}, token);
    const attempt = started.attempt!;
    expect(attempt.items).toHaveLength(72);
    expect(attempt.deadline - attempt.serverNow).toBe(90 * MIN);
    // Starting again returns the same attempt.
    expect((await w.api.call('exam.start', {}, token)).attempt!.id).toBe(attempt.id);

    const row = w.api.app.user.prepare('SELECT seed, fingerprint, content_version FROM exam_attempts WHERE id = ?').get(attempt.id) as { seed: number; fingerprint: string; content_version: string };
    const paper = storedPaper(w, attempt.id);
    expect(paperFingerprint(paper)).toBe(row.fingerprint);
    // The snapshot holds stem, options in delivered order, key, points and content version per item.
    expect(paper.items[0]).toEqual(expect.objectContaining({ stem: expect.any(String), options: expect.any(Array), key: expect.any(Array), points: expect.any(Number), contentVersion: row.content_version }));
    const bank = loadBank(w.api.app.content);
    const again = drawPaper(loadBlueprint(w.api.app.content, 'certification'), bank.questions, row.seed, bank.version);
    expect(again.items.map((i) => [i.questionId, i.options, i.key])).toEqual(paper.items.map((i) => [i.questionId, i.options, i.key]));
    expect(attempt.items.map((i) => i.stem)).toEqual(paper.items.map((i) => i.stem));
    expect(audit(w, 'exam.start')[0].details).toMatchObject({ seed: row.seed, fingerprint: row.fingerprint });

    // A second candidate gets a different paper.
    const t2 = await w.signIn('E002', code);
    const a2 = (await w.api.call('exam.start', {}, t2)).attempt!;
    expect(storedPaper(w, a2.id).seed).not.toBe(row.seed);
  });

  it('saves each answer durably with wall and monotonic clock readings, flags, and grades on submit; a second submit is refused', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ settings: { multipleScoring: 'all_or_nothing', showScore: true, allowReview: true, focusLossLimit: 0, resumeGapMinutes: 2 } });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    const paper = storedPaper(w, attempt.id);

    w.clock.advance(1000);
    const first = await w.api.call('exam.saveAnswer', { no: 1, response: wrongAnswer(paper.items[0]) }, token);
    expect(first).toEqual({ no: 1, savedAt: w.clock.wall, answered: 1, flagged: false });
    // Changing the answer replaces it; the log keeps both.
    w.clock.advance(1000);
    await w.api.call('exam.saveAnswer', { no: 1, response: rightAnswer(paper.items[0]) }, token);
    const flagged = await w.api.call('exam.setFlag', { no: 2, flagged: true }, token);
    expect(flagged).toMatchObject({ no: 2, answered: 1, flagged: true });
    const row = w.api.app.user.prepare('SELECT * FROM exam_answers WHERE attempt_id = ? AND item_no = 1').get(attempt.id) as { saved_at: number; saved_mono: number; run_id: string; response: string };
    expect(row.saved_at).toBe(w.clock.wall);
    expect(row.saved_mono).toBe(w.clock.mono);
    expect(row.run_id).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.parse(row.response)).toEqual(rightAnswer(paper.items[0]));
    expect(w.api.app.user.prepare('SELECT count(*) FROM exam_answer_log WHERE attempt_id = ?').pluck().get(attempt.id)).toBe(3);

    // Answer every item (the essays wait for a proctor).
    for (const it of paper.items.slice(1)) await w.api.call('exam.saveAnswer', { no: it.no, response: rightAnswer(it) }, token);
    // Blank clears.
    await w.api.call('exam.saveAnswer', { no: 3, response: null }, token);
    const state = await w.api.call('exam.state', {}, token);
    expect(state.attempt!.items[2].response).toBeNull();
    expect(state.attempt!.items[1].flagged).toBe(true);
    // A response that does not fit the question is refused.
    const badShape = await w.raw('exam.saveAnswer', { no: 1, response: true }, token);
    expect(paper.items[0].type === 'truefalse' || (!badShape.ok && badShape.error.code === 'invalid_input')).toBe(true);
    const noSuchItem = await w.raw('exam.saveAnswer', { no: 99, response: 'A' }, token);
    expect(!noSuchItem.ok && noSuchItem.error.code).toBe('invalid_input');

    const done = await w.api.call('exam.submit', {}, token);
    const result = done.attempt!.result!;
    const item3 = paper.items[2];
    expect(result.score).toBe(100 - 10 - item3.points); // two 5-point essays ungraded, item 3 cleared
    expect(result.pendingGrading).toBe(true);
    expect(result.passed).toBeNull();
    expect(result.submitKind).toBe('candidate');
    expect(result.fingerprint).toBe(paperFingerprint(paper));
    expect(result.byChapter!.reduce((s, c) => s + c.maxScore, 0)).toBe(100);
    expect(result.review).toHaveLength(72);

    const twice = await w.raw('exam.submit', {}, token);
    expect(!twice.ok && twice.error.code).toBe('attempt_submitted');
    const late = await w.raw('exam.saveAnswer', { no: 3, response: rightAnswer(item3) }, token);
    expect(!late.ok && late.error.code).toBe('attempt_submitted');
    expect(audit(w, 'exam.submit')).toHaveLength(1);
    const view = await w.api.call('proctor.getSession', { sessionId }, w.proctor);
    expect(view.roster[0].attempt).toMatchObject({ state: 'pending_grading', pendingEssays: 2, answered: 71 });
  });

  it('owns the clock: the deadline ends the attempt (自动交卷) on the next call, keeps saved answers, and refuses late answers idempotently', async () => {
    const w = await examWorld();
    const { code } = await w.openSession({ timeLimitMinutes: 10 });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    const paper = storedPaper(w, attempt.id);
    await w.api.call('exam.saveAnswer', { no: 1, response: rightAnswer(paper.items[0]) }, token);
    w.clock.advance(10 * MIN - 1);
    await w.api.call('exam.saveAnswer', { no: 2, response: rightAnswer(paper.items[1]) }, token);
    w.clock.advance(1);
    for (let i = 0; i < 2; i++) {
      const late = await w.raw('exam.saveAnswer', { no: 3, response: rightAnswer(paper.items[2]) }, token);
      expect(!late.ok && late.error.code).toBe('attempt_expired');
      const submit = await w.raw('exam.submit', {}, token);
      expect(!submit.ok && submit.error.code).toBe('attempt_expired');
    }
    const state = await w.api.call('exam.state', {}, token);
    expect(state.attempt!.status).toBe('submitted');
    expect(state.attempt!.result).toMatchObject({ submitKind: 'auto', answered: 2, submittedAt: attempt.deadline });
    expect(state.attempt!.result!.score).toBe(paper.items[0].points + paper.items[1].points);
    expect(audit(w, 'exam.auto_submit')).toHaveLength(1);
  });

  it('logs a wall-clock jump against the monotonic clock and keeps the time left', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ timeLimitMinutes: 30 });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    w.clock.advance(5 * MIN);
    await w.api.call('exam.state', {}, token);
    // Small drift is not a jump.
    w.clock.jumpWall(CLOCK_JUMP_MS - 1000);
    await w.api.call('exam.state', {}, token);
    expect(audit(w, 'exam.clock_change')).toHaveLength(0);
    const left = (await w.api.call('exam.state', {}, token)).attempt!;
    const remaining = left.deadline - left.serverNow;

    // Someone sets the PC clock back an hour to win time.
    w.clock.jumpWall(-60 * MIN);
    const after = (await w.api.call('exam.state', {}, token)).attempt!;
    expect(after.deadline - after.serverNow).toBe(remaining);
    const jumps = audit(w, 'exam.clock_change');
    expect(jumps).toHaveLength(1);
    expect(jumps[0].details).toMatchObject({ jumpMs: -60 * MIN, adjustedAttempts: [attempt.id] });
    // Forward: the attempt is not ended by a clock set ahead. (The jump also outdates the sign-in
    // session, which idles by the wall clock: the candidate signs in again, without a proctor, since
    // the last-seen time moved with the jump.)
    w.clock.jumpWall(3 * 60 * MIN);
    const again = await w.signIn('E001', code);
    const ahead = (await w.api.call('exam.state', {}, again)).attempt!;
    expect(ahead.status).toBe('in_progress');
    expect(ahead.deadline - ahead.serverNow).toBe(remaining);
    expect(audit(w, 'exam.clock_change')).toHaveLength(2);
    const proctor = (await w.api.call('auth.staffSignIn', PROCTOR)).session;
    const log = await w.api.call('proctor.audit', { sessionId }, proctor);
    expect(log.filter((e) => e.action === 'exam.clock_change')).toHaveLength(2);
  });

  it('counts focus losses with timestamps for the proctor and submits past the limit', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ settings: { multipleScoring: 'all_or_nothing', showScore: true, allowReview: false, focusLossLimit: 2, resumeGapMinutes: 2 } });
    const token = await w.signIn('E001', code);
    await w.api.call('exam.start', {}, token);
    expect(await w.api.call('exam.reportFocusLoss', { kind: 'blur' }, token)).toEqual({ count: 1, limit: 2, submitted: false });
    w.clock.advance(30_000);
    expect(await w.api.call('exam.reportFocusLoss', { kind: 'hidden' }, token)).toEqual({ count: 2, limit: 2, submitted: false });
    const view = await w.api.call('proctor.getSession', { sessionId }, w.proctor);
    expect(view.roster[0].attempt).toMatchObject({ focusLosses: 2, lastFocusLossAt: w.clock.wall, state: 'in_progress' });
    const detail = await w.api.call('proctor.attempt', { attemptId: view.roster[0].attempt!.id }, w.proctor);
    expect(detail.focusEvents).toEqual([
      { at: w.clock.wall - 30_000, kind: 'blur' },
      { at: w.clock.wall, kind: 'hidden' },
    ]);
    expect(await w.api.call('exam.reportFocusLoss', { kind: 'blur' }, token)).toEqual({ count: 3, limit: 2, submitted: true });
    const state = await w.api.call('exam.state', {}, token);
    expect(state.attempt!.result!.submitKind).toBe('focus_limit');
  });

  it('resumes after a short gap; after a long one a proctor must sign, and may credit the gap', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ timeLimitMinutes: 60 });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    await w.api.call('exam.saveAnswer', { no: 1, response: 'A' }, token).catch(() => undefined);

    // "Crash": the session is gone, 90 s pass, the candidate signs in again — no proctor needed.
    w.clock.advance(90_000);
    const quick = await w.api.call('exam.signIn', { employeeId: 'E001', code });
    expect(quick).toMatchObject({ kind: 'signed_in', resumed: true });

    w.clock.advance(5 * MIN);
    const long = await w.api.call('exam.signIn', { employeeId: 'E001', code });
    expect(long).toMatchObject({ kind: 'needs_proctor', gapMinutes: 5 });
    const wrong = await w.raw('exam.signIn', { employeeId: 'E001', code, proctor: { employeeId: PROCTOR.employeeId, password: 'wrong-password' } });
    expect(!wrong.ok && wrong.error.code).toBe('bad_credentials');
    const ok = await w.api.call('exam.signIn', { employeeId: 'E001', code, proctor: PROCTOR, creditGap: true });
    expect(ok.kind).toBe('signed_in');
    const t2 = ok.kind === 'signed_in' ? ok.session : '';
    const state = (await w.api.call('exam.state', {}, t2)).attempt!;
    expect(state.id).toBe(attempt.id);
    expect(state.deadline).toBe(attempt.deadline + 5 * MIN);
    const resume = audit(w, 'exam.resume');
    expect(resume).toHaveLength(2);
    expect(resume[1]).toMatchObject({ actor_id: w.proctorId, details: { gapMs: 5 * MIN, creditedMs: 5 * MIN, authorizedBy: 'P001' } });
    const view = await w.api.call('proctor.getSession', { sessionId }, w.proctor);
    expect(view.roster[0].attempt!.extraMinutes).toBe(5);
  });

  it('pausing the session stops every clock; resuming adds the paused time; closing submits running attempts', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ timeLimitMinutes: 20 });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    w.clock.advance(5 * MIN);
    await w.api.call('proctor.setSessionStatus', { sessionId, action: 'pause', reason: '消防演练' }, w.proctor);
    const paused = await w.raw('exam.saveAnswer', { no: 1, response: null }, token);
    expect(!paused.ok && paused.error.code).toBe('forbidden');
    w.clock.advance(25 * MIN); // past the original deadline: a paused attempt is not finalised
    const during = (await w.api.call('exam.state', {}, token)).attempt!;
    expect(during.status).toBe('in_progress');
    expect(during.deadline - during.serverNow).toBe(15 * MIN);
    await w.api.call('proctor.setSessionStatus', { sessionId, action: 'resume' }, w.proctor);
    const after = (await w.api.call('exam.state', {}, token)).attempt!;
    expect(after.deadline).toBe(attempt.deadline + 25 * MIN);
    expect(after.deadline - after.serverNow).toBe(15 * MIN);
    const badTransition = await w.raw('proctor.setSessionStatus', { sessionId, action: 'resume' }, w.proctor);
    expect(!badTransition.ok && badTransition.error.code).toBe('conflict');

    await w.api.call('proctor.setSessionStatus', { sessionId, action: 'close', reason: '考试结束' }, w.proctor);
    const closed = (await w.api.call('exam.state', {}, token)).attempt!;
    expect(closed.result!.submitKind).toBe('proctor');
    const nobody = await w.raw('exam.signIn', { employeeId: 'E002', code });
    expect(!nobody.ok && nobody.error.code).toBe('forbidden');
    expect(audit(w, 'exam.session_resume')[0].details).toMatchObject({ pausedMs: 25 * MIN, attemptsExtended: 1 });
  });

  it('proctor extends, credits, force-submits and reopens with reasons (audited); reasons are required', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ timeLimitMinutes: 30 });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    const noReason = await w.raw('proctor.extendTime', { attemptId: attempt.id, minutes: 5, reason: '' }, w.proctor);
    expect(!noReason.ok && noReason.error.code).toBe('invalid_input');
    const ext = await w.api.call('proctor.extendTime', { attemptId: attempt.id, minutes: 5, reason: '座位调换耽误' }, w.proctor);
    expect(ext.summary.deadline).toBe(attempt.deadline + 5 * MIN);
    const cred = await w.api.call('proctor.creditTime', { attemptId: attempt.id, minutes: 3, reason: '断电补时' }, w.proctor);
    expect(cred.summary).toMatchObject({ deadline: attempt.deadline + 8 * MIN, extraMinutes: 8 });
    const forced = await w.api.call('proctor.forceSubmit', { attemptId: attempt.id, reason: '考生身体不适' }, w.proctor);
    expect(forced.summary).toMatchObject({ submitKind: 'proctor' });
    const twice = await w.raw('proctor.forceSubmit', { attemptId: attempt.id, reason: '再次' }, w.proctor);
    expect(!twice.ok && twice.error.code).toBe('conflict');
    const extendDone = await w.raw('proctor.extendTime', { attemptId: attempt.id, minutes: 5, reason: '已交卷' }, w.proctor);
    expect(!extendDone.ok && extendDone.error.code).toBe('conflict');

    w.clock.advance(MIN);
    const reopened = await w.api.call('proctor.reopen', { attemptId: attempt.id, minutes: 10, reason: '误收卷' }, w.proctor);
    expect(reopened.summary).toMatchObject({ state: 'in_progress', reopenCount: 1, deadline: w.clock.wall + 10 * MIN, score: null });
    const saved = await w.api.call('exam.saveAnswer', { no: 1, response: null }, token);
    expect(saved.no).toBe(1);

    const entries = await w.api.call('proctor.audit', { sessionId }, w.proctor);
    const byAction = (a: string) => entries.find((e) => e.action === a)!;
    expect(byAction('exam.extend')).toMatchObject({ actor: '王监考', details: { minutes: 5, reason: '座位调换耽误' } });
    expect(byAction('exam.credit').details).toMatchObject({ minutes: 3, reason: '断电补时' });
    expect(byAction('exam.force_submit').details).toMatchObject({ reason: '考生身体不适' });
    expect(byAction('exam.reopen').details).toMatchObject({ minutes: 10, reason: '误收卷', previous: { submitKind: 'proctor' } });
    expect(verifyAuditChain(w.api.app.user)).toBeNull();
  });

  it('multiple choice scores all-or-nothing or partially as the session says', async () => {
    for (const multipleScoring of ['all_or_nothing', 'partial'] as const) {
      const w = await examWorld();
      const { code } = await w.openSession({ settings: { multipleScoring, showScore: true, allowReview: false, focusLossLimit: 0, resumeGapMinutes: 2 } });
      const token = await w.signIn('E001', code);
      const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
      const paper = storedPaper(w, attempt.id);
      const multi = paper.items.find((i) => i.type === 'multiple' && i.key.length >= 2)!;
      await w.api.call('exam.saveAnswer', { no: multi.no, response: [multi.key[0] as string] }, token);
      const result = (await w.api.call('exam.submit', {}, token)).attempt!.result!;
      const expected = multipleScoring === 'partial' ? Math.round((multi.points * 100) / multi.key.length) / 100 : 0;
      expect(result.score, multipleScoring).toBe(expected);
    }
  });
});

describe('grading 简答', () => {
  it('an attempt with ungraded essays is 待阅卷 until the proctor awards points per key point, then final', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ passScore: 60 });
    const token = await w.signIn('E001', code);
    const attempt = (await w.api.call('exam.start', {}, token)).attempt!;
    const paper = storedPaper(w, attempt.id);
    for (const it of paper.items) await w.api.call('exam.saveAnswer', { no: it.no, response: rightAnswer(it) }, token);
    const early = await w.raw('proctor.gradeEssay', { attemptId: attempt.id, no: paper.items.find((i) => i.type === 'essay')!.no, awards: [1] }, w.proctor);
    expect(!early.ok && early.error.code).toBe('conflict');
    await w.api.call('exam.submit', {}, token);

    let detail = await w.api.call('proctor.attempt', { attemptId: attempt.id }, w.proctor);
    expect(detail.summary).toMatchObject({ state: 'pending_grading', score: 90, passed: null });
    const essays = detail.items.filter((i) => i.type === 'essay');
    expect(essays).toHaveLength(2);
    expect(essays[0].reference.length).toBeGreaterThan(10);
    expect(essays[0].keyPoints.length).toBeGreaterThan(0);
    const notEssay = await w.raw('proctor.gradeEssay', { attemptId: attempt.id, no: 1, awards: [1] }, w.proctor);
    expect(!notEssay.ok && notEssay.error.code).toBe('invalid_input');
    const tooMuch = await w.raw('proctor.gradeEssay', { attemptId: attempt.id, no: essays[0].no, awards: essays[0].keyPoints.map((k) => k.score + 1) }, w.proctor);
    expect(!tooMuch.ok && tooMuch.error.code).toBe('invalid_input');

    // Full marks on the first essay, half of the key points on the second.
    detail = await w.api.call('proctor.gradeEssay', { attemptId: attempt.id, no: essays[0].no, awards: essays[0].keyPoints.map((k) => k.score), comment: '要点齐全' }, w.proctor);
    expect(detail.summary).toMatchObject({ state: 'pending_grading', score: 95, pendingEssays: 1 });
    const half = essays[1].keyPoints.map((k, i) => (i % 2 === 0 ? k.score : 0));
    const total = essays[1].keyPoints.reduce((s, k) => s + k.score, 0);
    detail = await w.api.call('proctor.gradeEssay', { attemptId: attempt.id, no: essays[1].no, awards: half }, w.proctor);
    const second = Math.round((5 * half.reduce((s, x) => s + x, 0) * 100) / total) / 100;
    expect(detail.summary).toMatchObject({ state: 'final', score: 95 + second, passed: true, pendingEssays: 0 });
    expect(detail.items.find((i) => i.no === essays[0].no)!.essayGrade).toMatchObject({ score: 5, comment: '要点齐全', gradedBy: '王监考' });

    const state = await w.api.call('exam.state', {}, token);
    expect(state.attempt!.result).toMatchObject({ pendingGrading: false, passed: true, score: 95 + second });
    const graded = (await w.api.call('proctor.audit', { sessionId }, w.proctor)).filter((e) => e.action === 'exam.grade_essay');
    expect(graded).toHaveLength(2);
  });
});
