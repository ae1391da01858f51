/**
 * Nothing the server returns before an answer is submitted (practice) or before a mock attempt is
 * submitted contains the key, the explanation, the reference answer or a correctness flag. Every such
 * response is serialised as a transport would send it and scanned in depth.
 */
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../electron/services/paper';
import { loadBank } from '../../electron/services/questionBank';
import { openTestApi } from '../helpers/app';

interface KeyMaterial {
  /** Long texts that must not appear anywhere, even inside another string. */
  texts: string[];
  /**
   * Short values (fill answers) that must not appear as a whole string value. Texts that are also an
   * option of some choice question (e.g. "激动型") are shown with that question anyway and are left out.
   */
  exact: Set<string>;
}

const FORBIDDEN_FIELD = /^(answers?|correct\w*|is[A-Z]?correct|keys?|key[A-Z]\w*|explanations?|references?|expected\w*|outcomes?|grades?|solution\w*)$|(Correct|Key|Keys|Explanation|Answer|Reference)$/;

/** Every problem found in `value`: forbidden field names, key texts, letters, booleans (outside the learner's own `response`). */
function scan(value: unknown, material: KeyMaterial, path = '$', problems: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, material, `${path}[${i}]`, problems));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN_FIELD.test(k)) problems.push(`${path}.${k}: forbidden field`);
      if (k === 'response') continue; // what the learner chose, not the key
      scan(v, material, `${path}.${k}`, problems);
    }
  } else if (typeof value === 'boolean') {
    problems.push(`${path}: a boolean (a correctness flag or a true/false key?)`);
  } else if (typeof value === 'string') {
    if (/^[A-H]$/.test(value)) problems.push(`${path}: a bare option letter "${value}"`);
    if (material.exact.has(value.trim())) problems.push(`${path}: equals an accepted fill answer "${value}"`);
    const hit = material.texts.find((t) => value.includes(t));
    if (hit) problems.push(`${path}: contains key text "${hit.slice(0, 30)}…"`);
  }
  return problems;
}

type Bank = ReturnType<typeof loadBank>['questions'];

const optionTexts = (questions: Bank) => new Set(questions.flatMap((q) => q.options));
/** Key texts that some question shows anyway (a key point worded like another question's option) are left out. */
const hidden = (questions: Bank) => {
  const shown = questions.flatMap((q) => [q.stem, ...q.options]).join('\n');
  return (t: string) => !shown.includes(t);
};

function bankMaterial(questions: Bank): KeyMaterial {
  const texts = new Set<string>();
  const exact = new Set<string>();
  const visible = optionTexts(questions);
  for (const q of questions) {
    texts.add(q.explanation);
    if (q.reference) texts.add(q.reference);
    for (const k of q.keyPoints) texts.add(k.point);
    if (q.type === 'fill') for (const a of q.answer) if (!visible.has(String(a))) exact.add(String(a));
  }
  return { texts: [...texts].filter(hidden(questions)), exact };
}

function paperMaterial(paper: Paper, bank: Bank): KeyMaterial {
  const texts = new Set<string>();
  const exact = new Set<string>();
  const visible = optionTexts(bank);
  for (const it of paper.items) {
    texts.add(it.explanation);
    if (it.reference) texts.add(it.reference);
    for (const k of it.keyPoints) texts.add(k.point);
    if (it.type === 'fill') for (const a of it.key) if (!visible.has(String(a))) exact.add(String(a));
  }
  return { texts: [...texts].filter(hidden(bank)), exact };
}

/** The value as a transport sends it (the {ok, value} envelope itself is not scanned). */
const wire = (r: { ok: boolean; value?: unknown }) => JSON.parse(JSON.stringify(r.ok ? r.value : r)) as unknown;

describe('no key material before submission', () => {
  it('practice: sets, review queue, wrong-answer book, stats and mark-hard carry no key, explanation or correctness', async () => {
    const api = await openTestApi();
    const me = await api.call('profiles.create', { employeeId: 'L1', name: '周婷', branch: '' });
    const bank = loadBank(api.app.content);
    const material = bankMaterial(bank.questions);
    const responses: [string, unknown][] = [];
    const record = async (name: string, input: unknown) => {
      const r = await api.gateway.call(name, input, me.session);
      expect(r.ok, name).toBe(true);
      responses.push([name, wire(r)]);
      return r.ok ? r.value : null;
    };

    const chapters = await api.call('content.listChapters', {});
    for (const c of chapters) {
      await record('practice.start', { chapterId: c.id, limit: 50 });
      const chapter = await api.call('content.getChapter', { chapterId: c.id });
      for (const s of chapter.sections.filter((x) => x.level === 2).slice(0, 3)) await record('practice.start', { chapterId: c.id, sectionId: s.id, limit: 50 });
    }
    // Make the wrong-answer book and the review queue non-empty, of every type.
    for (const type of ['single', 'multiple', 'truefalse', 'fill', 'scenario'] as const) {
      const q = bank.questions.find((x) => x.type === type)!;
      const wrong = type === 'truefalse' ? !q.answer[0] : type === 'fill' ? '不对' : type === 'multiple' ? ['A', 'B', 'C', 'D'] : q.answer[0] === 'A' ? 'B' : 'A';
      await api.call('practice.answer', { questionId: q.id, response: wrong }, me.session);
    }
    const essay = bank.questions.find((x) => x.type === 'essay')!;
    await api.call('practice.selfCheck', { questionId: essay.id, knewIt: false }, me.session);
    await record('practice.markHard', { questionId: bank.questions.find((x) => x.type === 'scenario' && x.id.endsWith('2'))!.id });
    await record('practice.wrongBook', {});
    await record('practice.stats', {});
    // Review cards come due a few minutes after a miss: look from a later clock.
    const later = await openTestApi({ dataDir: api.app.paths.dataDir, now: () => Date.now() + 24 * 3_600_000 });
    const asMe = { role: 'learner' as const, personId: me.person.id };
    const queue = await later.gateway.callAs(asMe, 'practice.reviewQueue', {});
    expect(queue.ok && (queue.value as { questions: unknown[] }).questions.length).toBe(7);
    responses.push(['practice.reviewQueue', wire(queue)]);

    for (const [name, body] of responses) expect(scan(body, material), name).toEqual([]);
    expect(responses.length).toBeGreaterThan(20);

    // The scanner does catch key material: the feedback after answering is full of it.
    const q = bank.questions.find((x) => x.type === 'single')!;
    const feedback = wire(await api.gateway.call('practice.answer', { questionId: q.id, response: q.answer[0] }, me.session));
    expect(scan(feedback, material).join('\n')).toMatch(/correct: forbidden field[\s\S]*explanation: forbidden field/);
  });

  it('mock exam: start, resume, get, save and list carry no key, explanation or correctness until submitted', async () => {
    const api = await openTestApi();
    const me = await api.call('profiles.create', { employeeId: 'L2', name: '吴强', branch: '' });
    const responses: [string, unknown][] = [];
    const record = async (name: string, input: unknown) => {
      const r = await api.gateway.call(name, input, me.session);
      expect(r.ok, `${name}: ${JSON.stringify(r).slice(0, 200)}`).toBe(true);
      responses.push([name, wire(r)]);
      return (r.ok ? r.value : null) as { id: number };
    };

    const attempt = await record('mock.start', {});
    const paper = JSON.parse(api.app.user.prepare('SELECT paper FROM mock_attempts WHERE id = ?').pluck().get(attempt.id) as string) as Paper;
    const material = paperMaterial(paper, loadBank(api.app.content).questions);
    await record('mock.start', {});
    await record('mock.list', {});
    // Save the right answer to every item: even then nothing but the learner's own response comes back.
    for (const item of paper.items) {
      await record('mock.saveAnswer', { attemptId: attempt.id, no: item.no, response: item.type === 'multiple' ? item.key : item.key[0] });
    }
    await record('mock.get', { attemptId: attempt.id });
    await record('mock.list', {});
    for (const [name, body] of responses) expect(scan(body, material), name).toEqual([]);

    // After submitting, the review shows it all (and the scanner sees it).
    const done = wire(await api.gateway.call('mock.submit', { attemptId: attempt.id }, me.session));
    const found = scan(done, material).join('\n');
    expect(found).toMatch(/expected: forbidden field/);
    expect(found).toMatch(/explanation: forbidden field/);
  });
});
