import type Database from 'better-sqlite3';

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
];
