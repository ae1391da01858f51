/**
 * Session packages (.kfsession): one exam session — code, title, date, room, blueprint, time limit, pass
 * mark, settings, roster, content version — signed, to be opened on the other PCs of the room. Importing
 * creates the session here as a draft with the same code (the proctor opens it as usual), so candidates
 * sign in with the code they were given; each PC's results come back to HR as a result bundle.
 * Only packages signed by this PC or a trusted one are accepted: a session decides who may sit an exam.
 */
import { z } from 'zod';
import type { BundleFile, SessionPackagePreview } from '../../shared/bundleTypes';
import { examSettingsInput, rosterRow } from '../../shared/calls/proctor';
import { sessionCode } from '../../shared/calls/exam';
import { AppError, type Messages } from '../../shared/errors';
import { contentMeta, type App } from '../app';
import { appendAudit } from '../audit';
import { getSession, sessionTarget, settingsOf, type CandidateRow } from '../examStore';
import { blueprintSize } from '../examViews';
import { drawPaper } from '../paper';
import { loadBank, loadBlueprint } from '../questionBank';
import { manifestHead, openSignedZip, sha256, writeSignedZip, type SignedZipKind } from './signedZip';
import { refuse, signerOf } from './trust';

const msg = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });

const sessionManifest = z.strictObject({ format: z.literal('kefucert-session'), ...manifestHead });
type SessionManifest = z.infer<typeof sessionManifest>;

const SESSION_PACKAGE: SignedZipKind<SessionManifest> = {
  format: 'kefucert-session',
  version: 1,
  name: { 'zh-CN': '考试场次包', en: 'session package' },
  files: ['session.json'],
  manifest: sessionManifest,
};

const sessionJson = z.strictObject({
  code: sessionCode,
  title: z.string().trim().min(1).max(80),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  room: z.string().max(40),
  blueprintId: z.string().min(1).max(64),
  timeLimitMinutes: z.number().int().min(1).max(600),
  passScore: z.number().min(0).max(1000),
  settings: examSettingsInput,
  roster: z.array(rosterRow.extend({ walkIn: z.boolean() })).max(5000),
  contentVersion: z.string().max(100),
});
type SessionJson = z.infer<typeof sessionJson>;

export function exportSessionPackage(app: App, sessionId: number): BundleFile {
  const s = getSession(app.user, sessionId);
  const roster = app.user.prepare('SELECT * FROM exam_candidates WHERE session_id = ? ORDER BY employee_id').all(sessionId) as CandidateRow[];
  const body: SessionJson = {
    code: s.code,
    title: s.title,
    date: s.exam_date,
    room: s.room,
    blueprintId: s.blueprint_id,
    timeLimitMinutes: s.time_limit_minutes,
    passScore: s.pass_score,
    settings: settingsOf(s),
    roster: roster.map((c) => ({ employeeId: c.employee_id, name: c.name, branch: c.branch, walkIn: c.walk_in === 1 })),
    contentVersion: contentMeta(app.content).version,
  };
  const bytes = writeSignedZip(app, SESSION_PACKAGE, {}, [{ path: 'session.json', bytes: Buffer.from(JSON.stringify(body, null, 1), 'utf8') }]);
  return { fileName: `考试场次_${s.code}_${s.exam_date}.kfsession`, mimeType: 'application/zip', base64: Buffer.from(bytes).toString('base64'), count: roster.length };
}

interface OpenedPackage {
  session: SessionJson;
  sessionSha256: string;
  preview: SessionPackagePreview;
}

function openPackage(app: App, zip: Uint8Array): OpenedPackage {
  const opened = openSignedZip(zip, SESSION_PACKAGE);
  const bytes = opened.files.get('session.json')!;
  let session: SessionJson;
  try {
    session = sessionJson.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw refuse('考试场次包中的 session.json 内容不完整或有误。', "The package's session.json is incomplete or invalid.");
  }
  const signer = signerOf(app, opened.manifest.installation.fingerprint, opened.manifest.installation.label);
  const here = app.user.prepare('SELECT id FROM exam_sessions WHERE code = ?').pluck().get(session.code) as number | undefined;
  return {
    session,
    sessionSha256: sha256(bytes),
    preview: {
      code: session.code,
      title: session.title,
      date: session.date,
      room: session.room,
      blueprintId: session.blueprintId,
      candidates: session.roster.length,
      signer,
      sameContent: session.contentVersion === contentMeta(app.content).version,
      sessionId: here ?? null,
    },
  };
}

export function previewSessionPackage(app: App, zip: Uint8Array): SessionPackagePreview {
  return openPackage(app, zip).preview;
}

/** The session was created here by importing this very package content before. */
function importedBefore(app: App, sessionId: number, sessionSha256: string): boolean {
  const rows = app.user.prepare("SELECT details FROM audit_log WHERE action = 'exam.session_import' AND target = ?").pluck().all(sessionTarget(sessionId)) as string[];
  return rows.some((d) => (JSON.parse(d) as { sessionSha256?: string }).sessionSha256 === sessionSha256);
}

export function importSessionPackage(app: App, actorId: number, zip: Uint8Array): SessionPackagePreview {
  const { session: s, sessionSha256, preview } = openPackage(app, zip);
  const { signer } = preview;
  if (!signer.trusted) {
    throw new AppError(
      'forbidden',
      msg(
        `考试场次包由未登记的电脑“${signer.label}”（指纹 ${signer.fingerprint.slice(0, 16)}…）签名，已拒绝。请先由人事管理员在本机导入该监考电脑的身份文件（登记为受信任电脑），再导入场次包。`,
        `The session package is signed by an unregistered PC "${signer.label}" (fingerprint ${signer.fingerprint.slice(0, 16)}…); refused. Have an HR administrator register the proctor PC first (import its identity file as trusted), then import the package.`,
      ),
    );
  }
  if (!preview.sameContent) {
    throw refuse(
      `场次包按课程版本 ${s.contentVersion} 出题，本机课程版本不同：请先把本机课程更新到同一版本，保证同场考生用同一题库。`,
      `The package was made with course version ${s.contentVersion}, and this PC has another: update this PC's course first so the whole room draws from the same bank.`,
    );
  }
  const db = app.user;
  return db.transaction((): SessionPackagePreview => {
    const existing = db.prepare('SELECT id FROM exam_sessions WHERE code = ?').pluck().get(s.code) as number | undefined;
    if (existing !== undefined) {
      if (importedBefore(app, existing, sessionSha256)) return { ...preview, sessionId: existing };
      throw new AppError(
        'conflict',
        msg(
          `本机已有场次代码 ${s.code} 的考试（原始场次，或内容不同的一次导入），未再导入。若场次内容已更改，请在本机直接修改该场次。`,
          `This PC already has a session with code ${s.code} (the original, or an import with different content); not imported again. If the session changed, edit it on this PC.`,
        ),
      );
    }
    const blueprint = loadBlueprint(app.content, s.blueprintId);
    if (blueprint.kind !== 'certification') throw refuse(`组卷方案 ${s.blueprintId} 不是认证考试方案。`, `Blueprint ${s.blueprintId} is not a certification blueprint.`);
    const bank = loadBank(app.content);
    drawPaper(blueprint, bank.questions, 1, bank.version); // the bank here must be able to fill it
    if (s.passScore > blueprintSize(app.content, blueprint.id).maxScore) throw refuse('场次包的合格分数高于本机题库的满分。', "The package's pass mark exceeds this bank's maximum score.");
    const now = app.now();
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO exam_sessions (code, blueprint_id, title, exam_date, room, time_limit_minutes, pass_score, settings, status, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
      )
      .run(s.code, s.blueprintId, s.title, s.date, s.room, s.timeLimitMinutes, s.passScore, JSON.stringify(s.settings), actorId, now);
    const sessionId = Number(lastInsertRowid);
    const insert = db.prepare('INSERT INTO exam_candidates (session_id, employee_id, name, branch, walk_in, added_at) VALUES (?, ?, ?, ?, ?, ?)');
    const seen = new Set<string>();
    for (const c of s.roster) {
      const key = c.employeeId.toLowerCase();
      if (seen.has(key)) throw refuse(`场次包名单中工号 ${c.employeeId} 重复。`, `The package's roster lists ${c.employeeId} twice.`);
      seen.add(key);
      insert.run(sessionId, c.employeeId, c.name, c.branch, c.walkIn ? 1 : 0, now);
    }
    appendAudit(db, now, {
      actorId,
      action: 'exam.session_import',
      target: sessionTarget(sessionId),
      details: { code: s.code, title: s.title, date: s.date, roster: s.roster.length, signer: signer.fingerprint, signerLabel: signer.label, sessionSha256: sessionSha256 },
    });
    return { ...preview, sessionId };
  })();
}
