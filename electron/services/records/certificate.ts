/**
 * Certificates of passed, final attempts: a number read off the record and a verification code — the
 * Crockford base32 of an Ed25519 signature over the certificate's fields — checked offline.
 *
 * Who signs: the installation that holds the record issues the certificate with its own key. A branch PC
 * signs the certificates of the attempts taken on it; HR's PC signs those of the attempts it imported
 * (it cannot sign as the branch PC, and the import has already checked the branch PC's signature). So a
 * code verifies on any PC that holds the record and has the issuer's key: its own, or a trusted one.
 */
import type { CertificateCheck, CertificateInfo } from '../../shared/recordTypes';
import type { Messages } from '../../shared/errors';
import type { App } from '../app';
import { signerKeys } from '../bundles/trust';
import { loadRecord, recordPassed, type AttemptRecord } from './attemptRecord';
import { installationIdentity, signBytes, verifyBytes } from './installationKey';

const msg = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });

export function certificateNumber(record: Pick<AttemptRecord, 'uid' | 'session'>): string {
  return `KF-${record.session.date.replaceAll('-', '')}-${record.uid.slice(0, 8).toUpperCase()}`;
}

/** The signed bytes: the fields printed on the certificate, in one fixed order. */
function certificatePayload(record: AttemptRecord): Buffer {
  const fields = ['kefucert-certificate', 1, certificateNumber(record), record.candidate.name, record.candidate.employeeId, record.session.title, record.session.date, record.score, record.uid];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function crockfordEncode(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(acc << (5 - bits)) & 31];
  return out;
}

/** Decodes Crockford base32 (any case; O→0, I/L→1; spaces and hyphens ignored); null if malformed or the padding bits are not zero. */
export function crockfordDecode(text: string, byteLength: number): Buffer | null {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== Math.ceil((byteLength * 8) / 5)) return null;
  const out = Buffer.alloc(byteLength);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (const ch of clean) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out[n++] = (acc >>> (bits - 8)) & 255;
      bits -= 8;
      acc &= (1 << bits) - 1;
    }
  }
  return acc === 0 ? out : null; // leftover bits are padding: any other value is a mistyped last character
}

const groups = (s: string) => s.match(/.{1,5}/g)!.join('-');

/** The certificate of a passed, final attempt, issued by this installation; null otherwise. */
export function certificateOf(app: App, record: AttemptRecord): CertificateInfo | null {
  if (recordPassed(record) !== true) return null;
  const sig = Buffer.from(signBytes(app, certificatePayload(record)), 'base64');
  return { number: certificateNumber(record), code: groups(crockfordEncode(sig)), signerFingerprint: installationIdentity(app).fingerprint };
}

const NUMBER = /^KF-(\d{4})(\d{2})(\d{2})-([0-9A-F]{8})$/;

export function verifyCertificate(app: App, number: string, code: string): CertificateCheck {
  const fail = (message: Messages, signer: CertificateCheck['signer'] = null): CertificateCheck => ({ valid: false, message, holder: null, signer });
  const m = NUMBER.exec(number.trim().toUpperCase());
  if (!m) return fail(msg(`证书编号格式不对：${number}（应为 KF-年月日-8位编号）。`, `Not a certificate number: ${number} (expected KF-yyyymmdd-XXXXXXXX).`));
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const prefix = m[4].toLowerCase();
  const uids = app.user
    .prepare('SELECT uid FROM attempt_records WHERE uid >= ? AND uid < ? AND exam_date = ?')
    .pluck()
    .all(prefix, `${prefix}g`, date) as string[];
  if (uids.length === 0) {
    return fail(msg(`本机没有证书编号 ${number} 对应的考试记录（请在持有该成绩的电脑上核验，或先导入其结果包）。`, `No exam record on this PC matches certificate ${number} (check it on the PC holding the result, or import its result bundle first).`));
  }
  const sig = crockfordDecode(code, 64);
  if (!sig) return fail(msg('校验码格式不对：应为 103 位字母数字（每 5 位一组）。', 'The verification code is malformed: it has 103 letters and digits (in groups of five).'));
  const keys = signerKeys(app);
  let untrusted: CertificateCheck['signer'] = null;
  for (const uid of uids) {
    const record = loadRecord(app, uid);
    const payload = certificatePayload(record);
    const holder = { name: record.candidate.name, employeeId: record.candidate.employeeId, exam: record.session.title, date: record.session.date, score: record.score ?? 0 };
    for (const k of keys) {
      if (!verifyBytes(k.publicKey, payload, sig.toString('base64'))) continue;
      const signer = { fingerprint: k.fingerprint, label: k.label, trusted: k.trusted };
      if (!k.trusted) {
        untrusted = signer;
        continue;
      }
      if (recordPassed(record) !== true) {
        return fail(msg(`证书 ${number} 的签名有效，但该考试记录目前不是“已通过”（可能已重新开放作答）。`, `Certificate ${number} is signed, but the record is not currently passed (it may have been reopened).`), signer);
      }
      return {
        valid: true,
        message: msg(`证书有效：${holder.name}（${holder.employeeId}）${holder.exam}，${holder.date}，得分 ${holder.score}。签发：${k.label}。`, `Valid certificate: ${holder.name} (${holder.employeeId}), ${holder.exam}, ${holder.date}, score ${holder.score}. Issued by ${k.label}.`),
        holder,
        signer,
      };
    }
  }
  if (untrusted) {
    return fail(
      msg(`签名来自未受信任的电脑“${untrusted.label}”（指纹 ${untrusted.fingerprint.slice(0, 16)}…），不能作为有效证书。`, `The code was signed by an installation that is not trusted, "${untrusted.label}" (fingerprint ${untrusted.fingerprint.slice(0, 16)}…), so the certificate is not valid.`),
      untrusted,
    );
  }
  return fail(msg('校验码不符：证书上的姓名、工号、考试、日期或分数与签名不一致，或校验码输错。', 'The code does not match: the name, employee id, exam, date or score differ from what was signed, or the code was mistyped.'));
}

