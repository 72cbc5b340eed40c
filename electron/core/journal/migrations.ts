import type Database from 'better-sqlite3';
import type { OfflineScanRecord, ReferenceEvent } from '../providers/provider.js';
import { uploadContextFor } from '../offline/upload-context.js';

export interface Migration {
  /** Versions may have gaps (10, 20, …) so parallel branches can slot theirs in. Never renumber. */
  version: number;
  up(db: Database.Database): void;
}

export const migrations: Migration[] = [
  {
    version: 10,
    up(db) {
      db.exec(`
        CREATE TABLE scans (
          scan_id        TEXT PRIMARY KEY,          -- nonce per scan; stable across uploads
          token          TEXT NOT NULL,
          input_type     TEXT NOT NULL,
          barcode_type   TEXT,
          nfc_type       TEXT,
          source         TEXT NOT NULL,
          outcome        TEXT NOT NULL,             -- admit | stop | see-staff
          mode           TEXT NOT NULL,             -- online | offline | timeout | local
          reason_code    TEXT NOT NULL,
          reason_text    TEXT NOT NULL,
          raw_status     TEXT,
          provider       TEXT NOT NULL,
          request_ids    TEXT NOT NULL DEFAULT '[]', -- JSON array, e.g. Entry V1 PAC-Request-Id values
          event_id       TEXT,
          reread_of      TEXT,                      -- set when this read repeats an earlier scan
          received_at    INTEGER NOT NULL,          -- epoch ms
          decided_at     INTEGER NOT NULL,
          journaled_at   INTEGER NOT NULL,
          shown_at       INTEGER
        ) STRICT;
        CREATE INDEX scans_received_at ON scans(received_at);
      `);
    },
  },
  {
    version: 20,
    up(db) {
      // Post-admission actions (mark a wallet pass redeemed, record the scan) run after the gate; their
      // result is kept with the scan so staff can see a pass that was admitted but not marked.
      db.exec(`ALTER TABLE scans ADD COLUMN after_admit TEXT`);
    },
  },
  {
    version: 30,
    up(db) {
      // Offline decisions. ref_* tables are reference data synced while online: a sync replaces one
      // provider's rows wholesale. ticket_state is local truth (who is inside) and survives a re-sync, so
      // a mid-event sync does not forget who already entered. Tickets and state are WITHOUT ROWID with the
      // lookup key as primary key: one B-tree descent per token, no second index to keep in step.
      db.exec(`
        CREATE TABLE ref_meta (
          provider        TEXT PRIMARY KEY,
          synced_at       INTEGER NOT NULL,          -- epoch ms of the sync
          has_ticket_list INTEGER NOT NULL,          -- 1: the provider sent a ticket list (may be empty)
          event_count     INTEGER NOT NULL,
          ticket_count    INTEGER NOT NULL,
          rules           TEXT,                      -- JSON AccessRules
          nfc_keys        TEXT                       -- JSON, opaque here
        ) STRICT;
        CREATE TABLE ref_events (
          provider    TEXT NOT NULL,
          event_id    TEXT NOT NULL,
          position    INTEGER NOT NULL,              -- order as synced; breaks ties between matching masks
          name        TEXT NOT NULL,
          starts_at   TEXT,                          -- ISO date-times as the provider gave them
          ends_at     TEXT,
          scan_start  TEXT,
          scan_end    TEXT,
          time_zone   TEXT,                          -- IANA, for offset-less date-times
          masks       TEXT NOT NULL DEFAULT '[]',    -- JSON array of barcode masks
          PRIMARY KEY (provider, event_id)
        ) STRICT;
        CREATE TABLE ref_tickets (
          provider   TEXT NOT NULL,
          token      TEXT NOT NULL,
          event_id   TEXT,
          ticket_id  TEXT,
          status     TEXT,
          seat       TEXT,                           -- JSON SeatInfo
          PRIMARY KEY (provider, token)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE ticket_state (
          provider        TEXT NOT NULL,
          token           TEXT NOT NULL,
          event_id        TEXT,
          inside          INTEGER NOT NULL DEFAULT 0 CHECK (inside IN (0, 1)),
          entries         INTEGER NOT NULL DEFAULT 0,
          last_direction  TEXT CHECK (last_direction IN ('entry', 'exit')),
          last_at         INTEGER,                   -- epoch ms
          PRIMARY KEY (provider, token)
        ) STRICT, WITHOUT ROWID;
        -- How many tickets are inside, kept by triggers so a capacity check reads one row instead of
        -- counting every ticket inside (tens of thousands in a stadium).
        CREATE TABLE area_occupancy (
          provider  TEXT PRIMARY KEY,
          inside    INTEGER NOT NULL CHECK (inside >= 0)
        ) STRICT;
        CREATE TRIGGER ticket_state_inside_insert AFTER INSERT ON ticket_state WHEN NEW.inside = 1
        BEGIN
          INSERT INTO area_occupancy (provider, inside) VALUES (NEW.provider, 1)
            ON CONFLICT (provider) DO UPDATE SET inside = inside + 1;
        END;
        CREATE TRIGGER ticket_state_inside_update AFTER UPDATE OF inside ON ticket_state
          WHEN OLD.inside <> NEW.inside
        BEGIN
          INSERT INTO area_occupancy (provider, inside) VALUES (NEW.provider, 0)
            ON CONFLICT (provider) DO NOTHING;
          UPDATE area_occupancy SET inside = inside + NEW.inside - OLD.inside WHERE provider = NEW.provider;
        END;
        CREATE TRIGGER ticket_state_inside_delete AFTER DELETE ON ticket_state WHEN OLD.inside = 1
        BEGIN
          UPDATE area_occupancy SET inside = inside - 1 WHERE provider = OLD.provider;
        END;
      `);
    },
  },
  {
    version: 40,
    up(db) {
      // The offline upload queue. A row is written in the same transaction as its journal entry and is only
      // ever marked (acked/dead), never deleted before the server acknowledged it; `seq` keeps the original
      // order, `scan_id` (the scan's nonce) makes enqueueing idempotent. The index serves the hot query,
      // "oldest pending rows of this provider" (in seq order, no sort), and the per-state counts the admin
      // screen shows, as a covering scan rather than a walk over every stored record.
      db.exec(`
        CREATE TABLE upload_queue (
          seq             INTEGER PRIMARY KEY AUTOINCREMENT,
          scan_id         TEXT NOT NULL UNIQUE,
          provider        TEXT NOT NULL,
          record          TEXT NOT NULL CHECK (json_valid(record)), -- the OfflineScanRecord as JSON
          state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acked', 'dead')),
          attempts        INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,   -- epoch ms; back-off after a failed upload
          last_error      TEXT,
          dead_reason     TEXT,                         -- why the server refused it (dead letters)
          enqueued_at     INTEGER NOT NULL,
          acked_at        INTEGER
        ) STRICT;
        CREATE INDEX upload_queue_next ON upload_queue(provider, state, seq);
      `);
    },
  },
  {
    version: 50,
    up(db) {
      // Which local rule decided an offline scan, and the server's late answer (after the budget) with
      // how it squares with what the patron was shown.
      db.exec(`
        ALTER TABLE scans ADD COLUMN rule TEXT;
        ALTER TABLE scans ADD COLUMN late_outcome TEXT;
        ALTER TABLE scans ADD COLUMN late_raw_status TEXT;
        ALTER TABLE scans ADD COLUMN late_at INTEGER;
        ALTER TABLE scans ADD COLUMN reconciliation TEXT;
      `);
    },
  },
  {
    version: 60,
    up(db) {
      // A scan that timed out online may still be answered (and counted) by its live call until the
      // late-answer window closes; it is held back from upload until then, so the server never gets it
      // twice. Separate from next_attempt_at, which reconnecting resets.
      db.exec(`ALTER TABLE upload_queue ADD COLUMN hold_until INTEGER NOT NULL DEFAULT 0`);
    },
  },
  {
    version: 70,
    up(db) {
      // Scratch space used only to pre-grow the WAL file at start (see preallocateWal); always empty.
      db.exec(`CREATE TABLE wal_prealloc (b BLOB NOT NULL) STRICT`);
    },
  },
  {
    version: 80,
    up(db) {
      // The journal's closed sets, enforced by SQLite too: a row with an outcome, mode or input type the
      // kiosk does not know cannot be written, so reading one back needs no guess. SQLite cannot add a
      // CHECK to an existing column, so the table is rebuilt (rows copied in their original order). Also
      // new: the exact symbology a device reported, and what the gate did for the scan.
      db.exec(`
        CREATE TABLE scans_v80 (
          scan_id         TEXT PRIMARY KEY,
          token           TEXT NOT NULL,
          input_type      TEXT NOT NULL CHECK (input_type IN ('Barcode', 'NFC', 'Key', 'Swipe')),
          barcode_type    TEXT CHECK (barcode_type IN ('Barcode', 'QRCode')),
          nfc_type        TEXT CHECK (nfc_type IN ('Apple', 'Google')),
          symbology       TEXT,                      -- as the device reported it, e.g. AIM ]Q1
          source          TEXT NOT NULL,
          outcome         TEXT NOT NULL CHECK (outcome IN ('admit', 'stop', 'see-staff')),
          mode            TEXT NOT NULL CHECK (mode IN ('online', 'offline', 'timeout', 'local')),
          reason_code     TEXT NOT NULL,
          reason_text     TEXT NOT NULL,
          raw_status      TEXT,
          provider        TEXT NOT NULL,
          request_ids     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(request_ids)),
          event_id        TEXT,
          reread_of       TEXT,
          rule            TEXT,
          received_at     INTEGER NOT NULL,
          decided_at      INTEGER NOT NULL,
          journaled_at    INTEGER NOT NULL,
          shown_at        INTEGER,
          after_admit     TEXT,
          gate_result     TEXT,                      -- pulsed chN Xms | failed: why | none | held-open
          gate_at         INTEGER,
          passage         TEXT CHECK (passage IN ('passed', 'not-passed')), -- turnstile contact, if wired
          passage_at      INTEGER,
          late_outcome    TEXT CHECK (late_outcome IN ('admit', 'stop', 'see-staff')),
          late_raw_status TEXT,
          late_at         INTEGER,
          reconciliation  TEXT CHECK (reconciliation IN
            ('agrees', 'server-admitted-local-refused', 'server-refused-local-admitted', 'differs'))
        ) STRICT;
        INSERT INTO scans_v80 (scan_id, token, input_type, barcode_type, nfc_type, source, outcome, mode,
          reason_code, reason_text, raw_status, provider, request_ids, event_id, reread_of, rule,
          received_at, decided_at, journaled_at, shown_at, after_admit, late_outcome, late_raw_status,
          late_at, reconciliation)
        SELECT scan_id, token, input_type, barcode_type, nfc_type, source, outcome, mode,
          reason_code, reason_text, raw_status, provider, request_ids, event_id, reread_of, rule,
          received_at, decided_at, journaled_at, shown_at, after_admit, late_outcome, late_raw_status,
          late_at, reconciliation
        FROM scans ORDER BY rowid;
        DROP TABLE scans;
        ALTER TABLE scans_v80 RENAME TO scans;
        CREATE INDEX scans_received_at ON scans(received_at);
      `);
    },
  },
  {
    version: 90,
    up(db) {
      // Queued scans carry what their upload needs (the event with its dates, the venue's zone) since this
      // version. Rows queued by older versions get it here, from the reference data synced then, so a
      // kiosk rebooted during an outage can upload them before its next sync; a row whose event cannot be
      // told stays as it is and waits (the provider retries it once it knows its events).
      const pending = db
        .prepare(`SELECT seq, provider, record FROM upload_queue WHERE state = 'pending'`)
        .all() as { seq: number; provider: string; record: string }[];
      const update = db.prepare('UPDATE upload_queue SET record = ? WHERE seq = ?');
      const views = new Map<string, { events: ReferenceEvent[]; timeZone: string | undefined }>();
      const viewOf = (provider: string) => {
        let view = views.get(provider);
        if (!view) {
          const events = (
            db.prepare('SELECT * FROM ref_events WHERE provider = ? ORDER BY position').all(provider) as {
              event_id: string;
              name: string;
              starts_at: string | null;
              ends_at: string | null;
              scan_start: string | null;
              scan_end: string | null;
              time_zone: string | null;
            }[]
          ).map((r) => ({
            eventId: r.event_id,
            name: r.name,
            ...(r.starts_at !== null && { start: r.starts_at }),
            ...(r.ends_at !== null && { end: r.ends_at }),
            ...(r.scan_start !== null && { scanStart: r.scan_start }),
            ...(r.scan_end !== null && { scanEnd: r.scan_end }),
            ...(r.time_zone !== null && { timeZone: r.time_zone }),
          }));
          const rules = db.prepare('SELECT rules FROM ref_meta WHERE provider = ?').pluck().get(provider) as
            string | null | undefined;
          const timeZone = rules
            ? (JSON.parse(rules) as { venueTimeZone?: string }).venueTimeZone
            : undefined;
          views.set(provider, (view = { events, timeZone }));
        }
        return view;
      };
      for (const row of pending) {
        const record = JSON.parse(row.record) as OfflineScanRecord;
        if (record.event) continue;
        const { events, timeZone } = viewOf(row.provider);
        const context = uploadContextFor(events, record.eventId, record.scannedAt, timeZone);
        const eventId = record.eventId ?? context.event?.eventId;
        update.run(JSON.stringify({ ...record, ...(eventId && { eventId }), ...context }), row.seq);
      }
    },
  },
  {
    version: 100,
    up(db) {
      // The technician console. The PIN (scrypt hash) and the lockout state are single rows, so wrong PINs
      // keep counting across restarts. Admin badges are stored as keyed hashes (HMAC-SHA256 with a key from
      // the secret store), never as the badge value. Every admin action is journaled with its old and new
      // value (secrets masked before they get here). The provisioning public key is pinned at first start.
      db.exec(`
        CREATE TABLE admin_pin (
          id          INTEGER PRIMARY KEY CHECK (id = 1),
          hash        TEXT NOT NULL,                 -- scrypt$N$r$p$salt$hash
          set_at      INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE admin_lockout (
          id               INTEGER PRIMARY KEY CHECK (id = 1),
          failed_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
          locked_until     INTEGER NOT NULL DEFAULT 0,  -- epoch ms
          last_failed_at   INTEGER
        ) STRICT;
        CREATE TABLE admin_badges (
          hash      TEXT PRIMARY KEY,                 -- hex HMAC-SHA256 of the badge value
          label     TEXT NOT NULL,
          hint      TEXT NOT NULL,                    -- masked value, for staff to tell badges apart
          added_at  INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE admin_actions (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          at         INTEGER NOT NULL,
          action     TEXT NOT NULL,                   -- login, login-failed, setting, test-pulse, export…
          subject    TEXT,                            -- the setting's path, the device, the file
          old_value  TEXT,                            -- secrets appear as "(secret)"
          new_value  TEXT,
          outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
          detail     TEXT
        ) STRICT;
        CREATE INDEX admin_actions_at ON admin_actions(at);
        CREATE TABLE admin_trust (
          id            INTEGER PRIMARY KEY CHECK (id = 1),
          public_key    TEXT NOT NULL,                -- PEM (SPKI), Ed25519
          key_id        TEXT NOT NULL,
          source        TEXT NOT NULL,
          pinned_at     INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 110,
    up(db) {
      // Ticket lists are synced in chunks now (1,000,000 tickets held in memory at once peaked at 390 MiB,
      // and one insert transaction that long held the event loop for seconds). Each sync writes a new
      // generation beside the live one and one small transaction makes it live
      // (ref_meta.ticket_generation); the old generation is then deleted in chunks. The generation is part
      // of the primary key, so a lookup is still one B-tree descent. Existing rows become generation 0.
      db.exec(`
        CREATE TABLE ref_tickets_v110 (
          provider   TEXT NOT NULL,
          generation INTEGER NOT NULL,
          token      TEXT NOT NULL,
          event_id   TEXT,
          ticket_id  TEXT,
          status     TEXT,
          seat       TEXT,
          PRIMARY KEY (provider, generation, token)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO ref_tickets_v110 (provider, generation, token, event_id, ticket_id, status, seat)
          SELECT provider, 0, token, event_id, ticket_id, status, seat FROM ref_tickets;
        DROP TABLE ref_tickets;
        ALTER TABLE ref_tickets_v110 RENAME TO ref_tickets;
        ALTER TABLE ref_meta ADD COLUMN ticket_generation INTEGER NOT NULL DEFAULT 0;
        -- Where a streamed list lands first, in arrival order (appends: cheap, little memory); it is then
        -- sorted once (an index) and copied into its generation in token order, chunk by chunk.
        CREATE TABLE ref_tickets_staging (
          token      TEXT NOT NULL,
          event_id   TEXT,
          ticket_id  TEXT,
          status     TEXT,
          seat       TEXT
        ) STRICT;
      `);
    },
  },
];
