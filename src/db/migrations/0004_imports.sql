-- Imports (issue 3): jobs that survive a restart, their rejected rows, uploaded files and
-- saved column mappings; and the external id customers are matched by.

-- The id a customer has in another system (a shop, an old CRM, a phone's contact uid).
-- Unique so that two imports can never create the same external customer twice.
ALTER TABLE customers ADD COLUMN external_id text;
CREATE UNIQUE INDEX customers_external_id_key ON customers (external_id) WHERE external_id IS NOT NULL;

-- A file uploaded for import, kept in the database (in chunks) so any app instance can
-- preview it and run its job.
CREATE TABLE import_files (
  id         uuid PRIMARY KEY,
  file_name  text NOT NULL,
  size       bigint NOT NULL DEFAULT 0,
  sha256     text,
  complete   boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE import_file_chunks (
  file_id uuid NOT NULL REFERENCES import_files (id) ON DELETE CASCADE,
  seq     integer NOT NULL,
  data    bytea NOT NULL,
  PRIMARY KEY (file_id, seq)
);

-- One import. rows_done is the position: source rows whose outcome is committed. Each
-- batch advances it in the same transaction as its writes, so a resumed job starts exactly
-- where the last committed batch ended.
CREATE TABLE import_jobs (
  id             uuid PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('customers', 'orders')),
  file_name      text NOT NULL,
  file_sha256    text NOT NULL,
  file_id        uuid REFERENCES import_files (id) ON DELETE SET NULL,
  options        jsonb NOT NULL DEFAULT '{}',
  status         text NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'running', 'done', 'failed', 'rolled_back')),
  rows_done      integer NOT NULL DEFAULT 0,
  rows_total     integer,
  created        integer NOT NULL DEFAULT 0,
  updated        integer NOT NULL DEFAULT 0,
  unchanged      integer NOT NULL DEFAULT 0,
  rejected       integer NOT NULL DEFAULT 0,
  rows_per_second real,
  error          jsonb,
  created_by     uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  progress_at    timestamptz,
  finished_at    timestamptz
);
CREATE INDEX import_jobs_created_idx ON import_jobs (created_at DESC);
CREATE INDEX import_jobs_file_idx ON import_jobs (kind, file_sha256) WHERE status IN ('pending', 'running');

-- Every row an import refused or skipped, with why (both languages) and, for a duplicate,
-- the customer it matched.
CREATE TABLE import_row_errors (
  job_id       uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  line         integer NOT NULL,
  column_name  text,
  value        text,
  code         text NOT NULL,
  message_zh   text NOT NULL,
  message_en   text NOT NULL,
  matched_id   uuid,
  PRIMARY KEY (job_id, seq)
);

-- Saved column mappings (预设), per kind of import.
CREATE TABLE import_presets (
  id         uuid PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('customers', 'orders')),
  name       text NOT NULL,
  mapping    jsonb NOT NULL,
  options    jsonb NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX import_presets_name_key ON import_presets (kind, lower(name));

-- 'rejected': the row was not imported; 'duplicate': the row was merged into a customer it
-- matched (named in matched_id) that this same job had created from an earlier row.
ALTER TABLE import_row_errors ADD COLUMN kind text NOT NULL DEFAULT 'rejected' CHECK (kind IN ('rejected', 'duplicate'));

-- Duplicate detection probes contact_keys once per key (thousands per import batch, one per
-- hand-made customer). With GIN's fast-update pending list every probe also scans the
-- whole unmerged list (measured: 9 ms a probe at 50,000 customers, 3 µs without). A row has
-- only a few contact keys, so inserting them straight into the index costs little.
ALTER INDEX customers_contact_keys_idx SET (fastupdate = off);
