import type { Migration } from '../migrate';

/**
 * What exports and statistics read of a stored question snapshot (ItemFacts), kept in item_facts as a
 * JSON array in this order (see storeItems). A change here needs a migration that rebuilds that table.
 */
export const ITEM_FACT_FIELDS = ['questionId', 'chapterId', 'type', 'stem', 'key', 'reference', 'points'] as const;

/** The facts of the snapshot in column `item` (SQL; NULL for a snapshot that is not valid JSON). */
const itemFacts = (item: string): string =>
  `CASE WHEN json_valid(${item}) THEN json_extract(${item}, ${ITEM_FACT_FIELDS.map((f) => `'$.${f}'`).join(', ')}) END`;

/**
 * Forward-only migrations of user.db. Never edit a released entry: add a new one.
 * Each runs in one transaction that ends by setting PRAGMA user_version.
 */
export const userMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'people and audit log',
    sql: `
      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        employee_id TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        branch TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('learner', 'proctor', 'admin')),
        secret_hash TEXT,
        failed_tries INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor_id INTEGER REFERENCES people(id),
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'study progress, bookmarks, notes',
    sql: `
      CREATE TABLE section_reads (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        chapter_id TEXT NOT NULL,
        section_id TEXT NOT NULL,
        read_at INTEGER NOT NULL,
        PRIMARY KEY (person_id, chapter_id, section_id)
      ) WITHOUT ROWID;
      CREATE TABLE last_positions (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        chapter_id TEXT NOT NULL,
        section_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE TABLE bookmarks (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        chapter_id TEXT NOT NULL,
        section_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (person_id, chapter_id, section_id)
      ) WITHOUT ROWID;
      CREATE TABLE notes (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        chapter_id TEXT NOT NULL,
        section_id TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (person_id, chapter_id, section_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'practice history, wrong-answer book, spaced review, synonyms',
    sql: `
      CREATE TABLE practice_answers (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        chapter_id TEXT NOT NULL,
        answer TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        at INTEGER NOT NULL
      );
      CREATE INDEX practice_answers_person ON practice_answers(person_id, at);
      CREATE TABLE wrong_book (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        chapter_id TEXT NOT NULL,
        wrong_count INTEGER NOT NULL,
        last_wrong_at INTEGER NOT NULL,
        resolved_at INTEGER,
        PRIMARY KEY (person_id, question_id)
      ) WITHOUT ROWID;
      CREATE TABLE review_cards (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        card TEXT NOT NULL,
        due INTEGER NOT NULL,
        PRIMARY KEY (person_id, question_id)
      ) WITHOUT ROWID;
      CREATE TABLE synonyms (
        grp INTEGER NOT NULL,
        term TEXT NOT NULL PRIMARY KEY
      );
      INSERT INTO synonyms (grp, term) VALUES
        (1, '投诉'), (1, '抱怨'), (1, '申诉'), (1, '不满'),
        (2, '客户'), (2, '顾客'), (2, '用户'),
        (3, '客服代表'), (3, '座席'), (3, '话务员'), (3, '客服人员'),
        (4, '营销'), (4, '销售'), (4, '推销'),
        (5, '压力'), (5, '紧张'), (5, '焦虑'),
        (6, '礼仪'), (6, '礼节'),
        (7, '宽带'), (7, '上网'),
        (8, '挽留'), (8, '维系');
    `,
  },
  {
    version: 4,
    name: 'mock exam attempts (practice only, never certification records)',
    sql: `
      CREATE TABLE mock_attempts (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        blueprint_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        content_version TEXT NOT NULL,
        paper TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        deadline INTEGER NOT NULL,
        submitted_at INTEGER,
        auto_submitted INTEGER NOT NULL DEFAULT 0 CHECK (auto_submitted IN (0, 1)),
        score REAL,
        grades TEXT
      );
      CREATE INDEX mock_attempts_person ON mock_attempts(person_id, started_at);
      CREATE TABLE mock_answers (
        attempt_id INTEGER NOT NULL REFERENCES mock_attempts(id) ON DELETE CASCADE,
        item_no INTEGER NOT NULL,
        response TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, item_no)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'certification exam sessions, rosters, attempts, answers, focus events, essay grades',
    sql: `
      CREATE TABLE exam_sessions (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        blueprint_id TEXT NOT NULL,
        title TEXT NOT NULL,
        exam_date TEXT NOT NULL,
        room TEXT NOT NULL DEFAULT '',
        time_limit_minutes INTEGER NOT NULL CHECK (time_limit_minutes > 0),
        pass_score REAL NOT NULL,
        settings TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paused', 'closed')),
        paused_at INTEGER,
        created_by INTEGER NOT NULL REFERENCES people(id),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE exam_candidates (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES exam_sessions(id),
        employee_id TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL,
        branch TEXT NOT NULL DEFAULT '',
        walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
        added_at INTEGER NOT NULL,
        UNIQUE (session_id, employee_id)
      );
      CREATE TABLE exam_attempts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES exam_sessions(id),
        candidate_id INTEGER NOT NULL UNIQUE REFERENCES exam_candidates(id),
        seed INTEGER NOT NULL,
        content_version TEXT NOT NULL,
        paper TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        deadline INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted')),
        submitted_at INTEGER,
        submit_kind TEXT CHECK (submit_kind IN ('candidate', 'auto', 'proctor', 'focus_limit')),
        score REAL,
        grades TEXT,
        pending_essays INTEGER NOT NULL DEFAULT 0,
        extra_ms INTEGER NOT NULL DEFAULT 0,
        reopen_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX exam_attempts_session ON exam_attempts(session_id, status);
      CREATE INDEX exam_attempts_open ON exam_attempts(status, deadline);
      CREATE TABLE exam_answers (
        attempt_id INTEGER NOT NULL REFERENCES exam_attempts(id),
        item_no INTEGER NOT NULL,
        response TEXT,
        flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
        saved_at INTEGER NOT NULL,
        saved_mono REAL NOT NULL,
        run_id TEXT NOT NULL,
        PRIMARY KEY (attempt_id, item_no)
      ) WITHOUT ROWID;
      CREATE TABLE exam_answer_log (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES exam_attempts(id),
        item_no INTEGER NOT NULL,
        response TEXT,
        flagged INTEGER NOT NULL,
        at INTEGER NOT NULL,
        mono REAL NOT NULL,
        run_id TEXT NOT NULL
      );
      CREATE INDEX exam_answer_log_attempt ON exam_answer_log(attempt_id, id);
      CREATE TRIGGER exam_answer_log_no_update BEFORE UPDATE ON exam_answer_log
        BEGIN SELECT RAISE(ABORT, 'exam_answer_log is append-only'); END;
      CREATE TRIGGER exam_answer_log_no_delete BEFORE DELETE ON exam_answer_log
        BEGIN SELECT RAISE(ABORT, 'exam_answer_log is append-only'); END;
      CREATE TABLE exam_focus_events (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES exam_attempts(id),
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('blur', 'hidden'))
      );
      CREATE INDEX exam_focus_events_attempt ON exam_focus_events(attempt_id, at);
      CREATE TABLE exam_essay_grades (
        attempt_id INTEGER NOT NULL REFERENCES exam_attempts(id),
        item_no INTEGER NOT NULL,
        awards TEXT NOT NULL,
        score REAL NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        graded_by INTEGER NOT NULL REFERENCES people(id),
        graded_at INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, item_no)
      ) WITHOUT ROWID;
      CREATE INDEX audit_log_target ON audit_log(target);
    `,
  },
  {
    version: 6,
    name: 'score records: attempt uids, installation key, trusted installations, result bundles, imported attempts',
    sql: `
      ALTER TABLE exam_attempts ADD COLUMN uid TEXT;
      ALTER TABLE exam_attempts ADD COLUMN max_score REAL;
      UPDATE exam_attempts SET uid = lower(hex(randomblob(16))), max_score = json_extract(paper, '$.maxScore');
      CREATE UNIQUE INDEX exam_attempts_uid ON exam_attempts(uid);
      CREATE TABLE installation_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        label TEXT NOT NULL,
        public_key TEXT NOT NULL,
        private_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE trusted_installations (
        fingerprint TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        label TEXT NOT NULL,
        added_by INTEGER NOT NULL REFERENCES people(id),
        added_at INTEGER NOT NULL,
        removed_at INTEGER
      );
      CREATE TABLE result_bundles (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        signer_fingerprint TEXT NOT NULL,
        signer_public_key TEXT NOT NULL,
        signer_label TEXT NOT NULL,
        manifest TEXT NOT NULL,
        signature TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'merged', 'rejected')),
        attempt_count INTEGER NOT NULL,
        added_count INTEGER NOT NULL DEFAULT 0,
        payload BLOB,
        received_by INTEGER NOT NULL REFERENCES people(id),
        received_at INTEGER NOT NULL,
        decided_by INTEGER REFERENCES people(id),
        decided_at INTEGER,
        reason TEXT
      );
      CREATE TABLE imported_attempts (
        uid TEXT PRIMARY KEY,
        bundle_id INTEGER NOT NULL REFERENCES result_bundles(id),
        record TEXT NOT NULL,
        record_sha256 TEXT NOT NULL,
        session_code TEXT NOT NULL,
        session_title TEXT NOT NULL,
        blueprint_id TEXT NOT NULL,
        exam_date TEXT NOT NULL,
        room TEXT NOT NULL,
        employee_id TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL,
        branch TEXT NOT NULL,
        score REAL,
        max_score REAL NOT NULL,
        pass_score REAL NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in_progress', 'pending_grading', 'final')),
        submit_kind TEXT,
        fingerprint TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        submitted_at INTEGER
      );
      CREATE INDEX imported_attempts_person ON imported_attempts(employee_id);
      CREATE TABLE imported_items (
        hash TEXT PRIMARY KEY,
        item TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TRIGGER imported_attempts_no_update BEFORE UPDATE ON imported_attempts
        BEGIN SELECT RAISE(ABORT, 'imported attempts are kept as signed'); END;
      CREATE VIEW attempt_records AS
        SELECT a.uid AS uid, 'local' AS origin, a.id AS attempt_id, NULL AS bundle_id,
          s.id AS session_id, s.code AS session_code, s.title AS session_title, s.blueprint_id AS blueprint_id,
          s.exam_date AS exam_date, s.room AS room, s.created_by AS session_owner,
          c.employee_id AS employee_id, c.name AS name, c.branch AS branch,
          a.score AS score, a.max_score AS max_score, s.pass_score AS pass_score,
          CASE WHEN a.status = 'in_progress' THEN 'in_progress' WHEN a.pending_essays > 0 THEN 'pending_grading' ELSE 'final' END AS state,
          a.submit_kind AS submit_kind, a.fingerprint AS fingerprint, a.started_at AS started_at, a.submitted_at AS submitted_at
        FROM exam_attempts a JOIN exam_sessions s ON s.id = a.session_id JOIN exam_candidates c ON c.id = a.candidate_id
        UNION ALL
        SELECT i.uid, 'imported', NULL, i.bundle_id, NULL, i.session_code, i.session_title, i.blueprint_id, i.exam_date, i.room, NULL,
          i.employee_id, i.name, i.branch, i.score, i.max_score, i.pass_score, i.state, i.submit_kind, i.fingerprint, i.started_at, i.submitted_at
        FROM imported_attempts i;
    `,
  },
  {
    version: 7,
    name: 'superseded imported attempts',
    sql: `
      CREATE TABLE superseded_attempts (
        uid TEXT NOT NULL,
        bundle_id INTEGER NOT NULL REFERENCES result_bundles(id),
        record TEXT NOT NULL,
        record_sha256 TEXT NOT NULL,
        superseded_by INTEGER NOT NULL REFERENCES result_bundles(id),
        superseded_at INTEGER NOT NULL,
        PRIMARY KEY (uid, bundle_id)
      );
      CREATE TRIGGER superseded_attempts_no_update BEFORE UPDATE ON superseded_attempts
        BEGIN SELECT RAISE(ABORT, 'superseded attempts are kept as signed'); END;
    `,
  },
  {
    version: 8,
    name: 'records list of imported attempts read from an index',
    // The list columns follow the record (a few KB, in overflow pages) in each row: reading them walked
    // every record's pages. This index holds them all, in list order, so the list never reads the table.
    sql: `
      CREATE INDEX imported_attempts_list ON imported_attempts(
        exam_date DESC, session_code, started_at DESC, uid, bundle_id, session_title, blueprint_id, room, employee_id,
        name, branch, score, max_score, pass_score, state, submit_kind, fingerprint, submitted_at
      );
    `,
  },
  {
    version: 9,
    name: 'facts of imported question snapshots in a table of their own',
    // Exports read a few facts of every stored snapshot. Taking them out of the JSON (the options and
    // explanation stay behind) once, as each snapshot is stored (storeItems), rather than in every export,
    // and keeping them apart, makes an export's read of the questions a fifth of the bytes with no JSON
    // parsing in SQLite. Not kept by triggers: a trigger on imported_items made each insert keep a
    // statement journal, and a bundle of 18,000 snapshots took 0.5 s longer to import.
    sql: `
      CREATE TABLE imported_item_facts (
        hash TEXT PRIMARY KEY,
        facts TEXT
      ) WITHOUT ROWID;
      INSERT INTO imported_item_facts (hash, facts) SELECT hash, ${itemFacts('item')} FROM imported_items;
    `,
  },
  {
    version: 10,
    name: 'distinct question facts, listed per bundle in item-table order',
    // Snapshots of one question differ mostly in their option order and share their facts (1,555 distinct
    // facts in 12,500 snapshots). An export read every snapshot's facts by hash and resolved each bundle's
    // item table through a map of 12,500 hashes, ~100 ms before its first row. Now each distinct facts
    // text is stored once, and each merged bundle lists the facts id of every entry of its item table
    // (null where no snapshot of the entry is stored, or it was not JSON): an export reads 1,555 short
    // rows and one array of numbers per bundle, and never a hash.
    sql: `
      CREATE TABLE item_facts (
        id INTEGER PRIMARY KEY,
        facts TEXT NOT NULL UNIQUE
      );
      INSERT OR IGNORE INTO item_facts (facts) SELECT facts FROM imported_item_facts WHERE facts IS NOT NULL ORDER BY hash;
      CREATE TABLE bundle_item_facts (
        bundle_id INTEGER PRIMARY KEY REFERENCES result_bundles(id),
        facts TEXT NOT NULL
      );
      INSERT INTO bundle_item_facts (bundle_id, facts)
        SELECT b.id, (
          SELECT json_group_array(f.id ORDER BY j.key)
          FROM json_each(b.manifest, '$.items') j
          LEFT JOIN imported_item_facts i ON i.hash = j.value
          LEFT JOIN item_facts f ON f.facts = i.facts
        )
        FROM result_bundles b
        WHERE b.status = 'merged' AND json_valid(b.manifest) AND json_type(b.manifest, '$.items') = 'array';
      DROP TABLE imported_item_facts;
    `,
  },
];
