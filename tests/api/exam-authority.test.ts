/**
 * The main side is the only authority on keys: every response a candidate gets before submitting is
 * scanned, at every depth, for field names that carry answers (key, answer, correct, explanation,
 * reference, keyPoints, outcome …) and for the texts of the snapshot's explanations, reference answers,
 * key points and fill-in keys. The scanner is shown to catch the proctor's view of the same attempt.
 */
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../electron/services/paper';
import type { CallInput, CallName } from '../../electron/shared/contract';
import type { Result } from '../../electron/shared/errors';
import { examWorld, type ExamWorld } from '../helpers/exam';

const FORBIDDEN_FIELDS = /^(answer|answers|key|keys|correct|iscorrect|correctness|explanation|explanations|reference|keypoints|expected|outcome|grades|rightanswer)$/i;

interface Secrets {
  /** Long texts that must not appear anywhere (substring match). */
  texts: string[];
  /** Fill-in keys: no string value may equal one (they are short, so substring matching would be noise). */
  fillKeys: Set<string>;
}

function secretsOf(paper: Paper): Secrets {
  const texts = new Set<string>();
  const fillKeys = new Set<string>();
  for (const it of paper.items) {
    if (it.explanation.length >= 6) texts.add(it.explanation);
    if (it.reference.length >= 6) texts.add(it.reference);
    for (const k of it.keyPoints) if (k.point.length >= 6) texts.add(k.point);
    if (it.type === 'fill') for (const k of it.key) fillKeys.add(String(k));
  }
  // A fill key that is also delivered text (a stem or an option elsewhere) proves nothing.
  for (const it of paper.items) for (const t of [it.stem, ...it.options]) fillKeys.delete(t);
  return { texts: [...texts], fillKeys };
}

/** Every violation found in a value: forbidden field names and secret texts, with their paths. */
export function scan(value: unknown, secrets: Secrets, path = '$'): string[] {
  const found: string[] = [];
  if (typeof value === 'string') {
    if (secrets.fillKeys.has(value)) found.push(`${path}: equals a fill-in key`);
    for (const t of secrets.texts) if (value.includes(t)) found.push(`${path}: holds a secret text "${t.slice(0, 20)}…"`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => found.push(...scan(v, secrets, `${path}[${i}]`)));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN_FIELDS.test(k)) found.push(`${path}.${k}: forbidden field`);
      found.push(...scan(v, secrets, `${path}.${k}`));
    }
  }
  return found;
}

function paperOf(w: ExamWorld, attemptId: number): Paper {
  return JSON.parse(w.api.app.user.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string) as Paper;
}

describe('no key reaches a candidate before submission', () => {
  it('scans every exam-time response, errors included', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession({ timeLimitMinutes: 30, settings: { multipleScoring: 'partial', showScore: true, allowReview: true, focusLossLimit: 5, resumeGapMinutes: 2 } });
    const responses: { call: string; result: Result<unknown> }[] = [];
    let token: string | undefined;
    const call = async <N extends CallName>(name: N, input: CallInput<N>) => {
      const result = (await w.api.gateway.call(name, input, token)) as Result<unknown>;
      responses.push({ call: name, result });
      return result;
    };

    const signIn = await call('exam.signIn', { employeeId: 'E001', code });
    token = signIn.ok ? (signIn.value as { session: string }).session : undefined;
    await call('exam.state', {});
    const started = await call('exam.start', {});
    if (!started.ok) throw new Error(started.error.code);
    const attemptId = (started.value as { attempt: { id: number } }).attempt.id;
    const paper = paperOf(w, attemptId);
    const secrets = secretsOf(paper);
    expect(secrets.texts.length).toBeGreaterThan(20);

    for (const it of paper.items) {
      // Wrong answers for fill (so the candidate's own text is never a key), something for everything else.
      const response =
        it.type === 'truefalse' ? true : it.type === 'fill' ? '不知道' : it.type === 'essay' ? '先道歉，再处理。' : it.type === 'multiple' ? ['A', 'B'] : 'A';
      await call('exam.saveAnswer', { no: it.no, response });
      if (it.no % 7 === 0) await call('exam.setFlag', { no: it.no, flagged: true });
    }
    await call('exam.saveAnswer', { no: 1, response: null });
    await call('exam.saveAnswer', { no: 500, response: 'A' }); // an error
    await call('exam.saveAnswer', { no: 2, response: ['Z'] } as never); // a validation error
    await call('exam.reportFocusLoss', { kind: 'blur' });
    w.clock.advance(60_000);
    await call('exam.state', {});
    // The candidate signs in again mid-attempt (resume).
    const again = await call('exam.signIn', { employeeId: 'E001', code });
    if (!again.ok) throw new Error(again.error.code);
    token = (again.value as { session: string }).session;
    expect((await call('exam.state', {})).ok).toBe(true);
    await call('exam.unlockKiosk', { proctor: { employeeId: 'P001', password: 'wrong-password' }, reason: '测试' });

    expect(responses.length).toBeGreaterThan(paper.items.length);
    for (const { call: name, result } of responses) expect(scan(result, secrets), name).toEqual([]);

    // The scanner does find them where they belong: the proctor's view of the same attempt.
    const proctorView = await w.api.gateway.call('proctor.attempt', { attemptId }, w.proctor);
    expect(scan(proctorView, secrets).length).toBeGreaterThan(paper.items.length);

    // After submission the result may hold per-question outcomes (review allowed) but still no key texts.
    const submitted = await call('exam.submit', {});
    expect(submitted.ok).toBe(true);
    const found = scan(submitted, secrets);
    expect(found.every((f) => /\.outcome: forbidden field$/.test(f))).toBe(true);
    expect((await w.api.call('proctor.getSession', { sessionId }, w.proctor)).roster[0].attempt!.state).toBe('pending_grading');
  });

  it('a candidate session reaches only its own attempt and no proctor call', async () => {
    const w = await examWorld();
    const { code, sessionId } = await w.openSession();
    const t1 = await w.signIn('E001', code);
    await w.api.call('exam.start', {}, t1);
    for (const [name, input] of [
      ['proctor.getSession', { sessionId }],
      ['proctor.attempt', { attemptId: 1 }],
      ['proctor.audit', { sessionId }],
      ['accounts.list', {}],
    ] as const) {
      const r = await w.api.gateway.call(name, input, t1);
      expect(!r.ok && r.error.code, name).toBe('forbidden');
    }
    // Signing in as the same candidate again (another PC, a restarted browser) ends the earlier session.
    const t2 = await w.signIn('E001', code);
    const old = await w.api.gateway.call('exam.state', {}, t1);
    expect(!old.ok && old.error.code).toBe('unauthenticated');
    expect((await w.api.call('exam.state', {}, t2)).candidate.employeeId).toBe('E001');
    // …but not another candidate's.
    const t3 = await w.signIn('E002', code);
    await w.signIn('E001', code);
    expect((await w.api.call('exam.state', {}, t3)).candidate.employeeId).toBe('E002');
  });
});
