/**
 * `kb verify`: the audit log's hash chain, then every merged result bundle as stored — the manifest's
 * signature with the stored public key, an audit entry vouching for exactly that manifest, and each
 * imported record (its text against the SHA-256 the signed manifest lists, the list columns against the
 * record, its question snapshots — by index into the manifest's item hashes — against those hashes), and
 * each earlier version a later bundle replaced (kept in superseded_attempts) against its own manifest,
 * and the facts exports read of each bundle's questions (its list in bundle_item_facts) against the snapshots.
 */
import type { IntegrityReport } from '../../shared/bundleTypes';
import type { Messages } from '../../shared/errors';
import type { App } from '../app';
import { verifyAuditChain } from '../audit';
import { compactRecordSchema, itemFactsText, itemHash, type CompactRecord, type ItemSnapshot } from '../records/attemptRecord';
import { fingerprintOf, verifyBytes } from '../records/installationKey';
import { bundleTarget } from './bundleImport';
import { importedColumns, type ImportedColumns } from './resultBundle';
import { sha256 } from './signedZip';

const msg = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });
const MAX_PROBLEMS = 50;

interface StoredBundle {
  id: number;
  signer_fingerprint: string;
  signer_public_key: string;
  manifest: string;
  signature: string;
  added_count: number;
}

interface ImportedRow extends ImportedColumns {
  uid: string;
  record: string;
  record_sha256: string;
}

export function verifyIntegrity(app: App): IntegrityReport {
  const db = app.user;
  const problems: Messages[] = [];
  const problem = (zh: string, en: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(msg(zh, en));
  };

  const auditEntries = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  const broken = verifyAuditChain(db);
  if (broken !== null) problem(`审计日志的哈希链在第 ${broken} 条处断开（记录被修改或删除）。`, `The audit log's hash chain breaks at entry ${broken} (an entry was edited or removed).`);

  const vouching = db.prepare("SELECT details FROM audit_log WHERE target = ? AND action IN ('bundle.import', 'bundle.approve')").pluck();
  const rowsOf = db.prepare('SELECT * FROM imported_attempts WHERE bundle_id = ? ORDER BY uid');
  // Earlier versions replaced by a later bundle: checked against the manifest of the bundle that brought them.
  const supersededOf = db.prepare('SELECT uid, record, record_sha256 FROM superseded_attempts WHERE bundle_id = ? ORDER BY uid');
  const itemOf = db.prepare('SELECT item FROM imported_items WHERE hash = ?').pluck();
  // Each stored snapshot is checked against its hash once, however many records share it; what is kept is
  // the facts exports should read of it (null: the snapshot is missing or altered).
  const checkedItems = new Map<string, string | null>();
  const factsOfItem = (hash: string): string | null => {
    let facts = checkedItems.get(hash);
    if (facts === undefined) {
      const text = itemOf.get(hash) as string | undefined;
      facts = null;
      try {
        const snapshot = text === undefined ? null : (JSON.parse(text) as ItemSnapshot);
        if (snapshot && itemHash(snapshot) === hash) facts = itemFactsText(snapshot);
      } catch {
        // not JSON
      }
      checkedItems.set(hash, facts);
    }
    return facts;
  };
  const factsListOf = db.prepare('SELECT facts FROM bundle_item_facts WHERE bundle_id = ?').pluck();
  const factsRow = db.prepare('SELECT facts FROM item_facts WHERE id = ?').pluck();
  // Facts as stored, re-serialized (migration 9 wrote those of earlier snapshots as SQLite renders JSON):
  // undefined when there is no such row, '' when it is not JSON.
  const storedFacts = new Map<unknown, string | undefined>();
  const factsOfId = (id: unknown): string | undefined => {
    if (!storedFacts.has(id)) {
      const text = Number.isSafeInteger(id) ? (factsRow.get(id) as string | undefined) : undefined;
      let facts: string | undefined;
      try {
        facts = text === undefined ? undefined : JSON.stringify(JSON.parse(text));
      } catch {
        facts = '';
      }
      storedFacts.set(id, facts);
    }
    return storedFacts.get(id);
  };
  let factsOff = 0;
  const bundles = db.prepare("SELECT id, signer_fingerprint, signer_public_key, manifest, signature, added_count FROM result_bundles WHERE status = 'merged' ORDER BY id").all() as StoredBundle[];
  let records = 0;
  for (const b of bundles) {
    const name = `结果包 #${b.id}`;
    const nameEn = `Bundle #${b.id}`;
    if (fingerprintOf(b.signer_public_key) !== b.signer_fingerprint || !verifyBytes(b.signer_public_key, Buffer.from(b.manifest, 'utf8'), b.signature)) {
      problem(`${name} 的清单签名校验不通过（清单、签名或公钥被改动）。`, `${nameEn}: the manifest's signature does not verify (manifest, signature or key changed).`);
      continue;
    }
    const manifestSha = sha256(b.manifest);
    const vouched = (vouching.all(bundleTarget(b.id)) as string[]).some((d) => {
      const details = JSON.parse(d) as { manifestSha256?: string; signer?: string };
      return details.manifestSha256 === manifestSha && details.signer === b.signer_fingerprint;
    });
    if (!vouched) problem(`${name} 与导入时审计日志记录的清单或签名电脑不一致。`, `${nameEn} differs from the manifest or signer recorded in the audit log when it was imported.`);
    const manifest = JSON.parse(b.manifest) as { attempts: { uid: string; sha256: string }[]; items?: string[] };
    const listed = new Map(manifest.attempts.map((a) => [a.uid, a.sha256]));
    const itemHashes = Array.isArray(manifest.items) ? manifest.items : [];
    const rows = rowsOf.all(b.id) as ImportedRow[];
    /** Item-table entries the bundle's current records use. */
    const used = new Set<number>();
    const superseded = supersededOf.all(b.id) as Pick<ImportedRow, 'uid' | 'record' | 'record_sha256'>[];
    for (const row of superseded) {
      records += 1;
      const sha = sha256(row.record);
      if (sha !== row.record_sha256 || listed.get(row.uid) !== sha) {
        problem(`${name} 的成绩 ${row.uid} 的旧版本已被修改：与签名清单中的校验值不符。`, `${nameEn}, the earlier version of attempt ${row.uid} was altered: it does not match the checksum in the signed manifest.`);
      }
    }
    if (rows.length + superseded.length !== b.added_count) problem(`${name} 导入了 ${b.added_count} 条成绩，现存 ${rows.length + superseded.length} 条（有记录被删除或添加）。`, `${nameEn} added ${b.added_count} attempts but ${rows.length + superseded.length} are stored (records were removed or added).`);
    for (const row of rows) {
      records += 1;
      const who = `${name} 的成绩 ${row.uid}（${row.name}）`;
      const whoEn = `${nameEn}, attempt ${row.uid} (${row.name})`;
      const sha = sha256(row.record);
      if (sha !== row.record_sha256 || listed.get(row.uid) !== sha) {
        problem(`${who} 已被修改：与签名清单中的校验值不符。`, `${whoEn} was altered: it does not match the checksum in the signed manifest.`);
        continue;
      }
      let record: CompactRecord;
      try {
        record = compactRecordSchema.parse(JSON.parse(row.record));
      } catch {
        problem(`${who} 无法读取。`, `${whoEn} cannot be read.`);
        continue;
      }
      const expected = importedColumns(record);
      const changed = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => expected[k] !== row[k]);
      if (record.uid !== row.uid || changed.length) {
        problem(`${who} 的列表字段被修改：${changed.join(', ')}。`, `${whoEn}: list columns were altered: ${changed.join(', ')}.`);
      }
      for (const [k, index] of record.items.entries()) {
        used.add(index);
        const hash = itemHashes[index];
        if (hash === undefined || factsOfItem(hash) === null) {
          problem(`${who} 的第 ${k + 1} 题的题目快照${hash ? ` ${hash.slice(0, 12)}` : ''}缺失或被修改。`, `${whoEn}: the question snapshot of item ${k + 1}${hash ? ` (${hash.slice(0, 12)})` : ''} is missing or altered.`);
          break;
        }
      }
    }
    // Exports read the facts of the bundle's questions through its list (storeItems), not the snapshots.
    let list: unknown;
    try {
      list = JSON.parse((factsListOf.get(b.id) as string | undefined) ?? 'null');
    } catch {
      // reported below
    }
    if (!Array.isArray(list) || list.length !== itemHashes.length) {
      problem(`${name} 的题目导出摘要清单（bundle_item_facts）缺失或无法读取。`, `${nameEn}: its list of question facts for exports (bundle_item_facts) is missing or cannot be read.`);
      continue;
    }
    for (const [index, id] of list.entries()) {
      if (id === null && !used.has(index)) continue; // not stored: no record of the bundle uses it
      const expected = factsOfItem(itemHashes[index]);
      // A missing or altered snapshot is reported with the record that uses it.
      if (expected !== null && factsOfId(id) !== expected) factsOff += 1;
    }
  }
  const orphans = db.prepare("SELECT count(*) FROM imported_attempts WHERE bundle_id NOT IN (SELECT id FROM result_bundles WHERE status = 'merged')").pluck().get() as number;
  if (orphans) problem(`有 ${orphans} 条导入成绩不属于任何已导入的结果包。`, `${orphans} imported attempts belong to no merged bundle.`);
  const strays = db
    .prepare(
      `SELECT count(*) FROM superseded_attempts s WHERE bundle_id NOT IN (SELECT id FROM result_bundles WHERE status = 'merged')
         OR superseded_by NOT IN (SELECT id FROM result_bundles WHERE status = 'merged')
         OR NOT EXISTS (SELECT 1 FROM imported_attempts i WHERE i.uid = s.uid)`,
    )
    .pluck()
    .get() as number;
  if (strays) problem(`有 ${strays} 条成绩旧版本找不到所属或替换它的结果包。`, `${strays} earlier attempt versions have no merged bundle that brought or replaced them.`);
  if (factsOff) problem(`有 ${factsOff} 道题目的导出摘要（item_facts）与题目快照本身不符。`, `${factsOff} questions have export facts (item_facts) that differ from their snapshot.`);
  return { ok: problems.length === 0, auditEntries, bundles: bundles.length, records, problems };
}
