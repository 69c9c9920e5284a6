-- Analytics pipeline (issue 5): analysis runs (jobs), current per-customer scores, their
-- history, and the daily task scheduler. See docs/analytics.md ("Scores and churn early
-- warning") for what each value means and how the history is thinned.

-- One analysis: summaries → models → scores for every buyer, as of a day. Claimed with
-- FOR UPDATE SKIP LOCKED by any app instance; a run whose lease expired (its process died)
-- is claimed again and re-run from the start. Its scores are written in the same
-- transaction that marks it done, so a killed run leaves the previous scores as they were.
CREATE TABLE analysis_runs (
  id           uuid PRIMARY KEY,
  as_of        date NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress     jsonb NOT NULL DEFAULT '{"step": "queued", "done": 0, "total": 0}',
  params       jsonb NOT NULL DEFAULT '{}',
  fits         jsonb,
  -- the daily snapshot: buyers, counts by risk level, segment and tier, total CLV …
  totals       jsonb,
  error        jsonb,
  attempts     integer NOT NULL DEFAULT 0,
  claimed_by   text,
  lease_until  timestamptz,
  requested_by uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analysis_runs_created_idx ON analysis_runs (created_at DESC, id DESC);
CREATE INDEX analysis_runs_pending_idx ON analysis_runs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX analysis_runs_done_idx ON analysis_runs (finished_at DESC) WHERE status = 'done';

-- The current scores of each buyer (one row per customer, replaced by every run).
-- prev_* hold the values of the last run with an earlier as-of day (for "dropped fast" and
-- to decide whether the level, segment or tier changed), hist_* those of the customer's last
-- history row (to decide when to write another). A re-run of the same day compares with
-- the same prev_* and so decides the same: re-running is idempotent.
-- No foreign key to customers: the table is rebuilt by every run from the customers that
-- exist, and every read joins customers (the access filter), so the row of a customer deleted
-- since the last run is never seen and goes with the next run. A foreign key would check and
-- lock the customer row for each of a million inserts every night.
CREATE TABLE customer_scores (
  customer_id            uuid PRIMARY KEY,
  run_id                 uuid NOT NULL,
  as_of                  date NOT NULL,
  first_day              date NOT NULL,
  last_day               date NOT NULL,
  frequency              integer NOT NULL,
  recency_days           integer NOT NULL,
  tenure_days            integer NOT NULL,
  revenue                numeric(16, 2) NOT NULL,
  margin                 numeric(16, 2) NOT NULL,
  rfm_r                  smallint NOT NULL,
  rfm_f                  smallint NOT NULL,
  rfm_m                  smallint NOT NULL,
  rfm_segment            text NOT NULL,
  value_tier             text NOT NULL CHECK (value_tier IN ('top', 'middle', 'bottom')),
  p_alive                double precision NOT NULL,
  prev_p_alive           double precision,
  prev_as_of             date,
  prev_risk_level        text,
  prev_rfm_segment       text,
  prev_value_tier        text,
  expected_purchases_90d double precision NOT NULL,
  expected_aov           numeric(14, 2) NOT NULL,
  clv                    numeric(16, 2) NOT NULL,
  risk_score             double precision NOT NULL,
  risk_level             text NOT NULL CHECK (risk_level IN ('high', 'medium', 'low')),
  reasons                jsonb NOT NULL DEFAULT '[]',
  hist_as_of             date,
  hist_p_alive           double precision,
  updated_at             timestamptz NOT NULL DEFAULT now()
);
-- List filters (GET /customers?valueTier=…) probe by customer id (the primary key), and
-- counts by segment or tier read the whole table anyway; this one serves the churn list,
-- highest risk first (levels are bands of the score, so a level filter walks it in order too).
-- Every index costs the daily upsert of every row.
CREATE INDEX customer_scores_risk_idx ON customer_scores (risk_score DESC, customer_id DESC);

-- Risk history, thinned: a row is written when the customer is first scored, when the risk
-- level, RFM segment or value tier changes, when P(alive) moved by at least the setting
-- historyMinChange (default 0.05) since the last row, and on every run while the customer
-- is at medium or high risk. A daily row for every buyer would be 365 M rows a year at
-- 1 M customers; this keeps the trend of the customers anyone looks at.
-- No foreign key either (it locked the customer row for each of ~10⁵–10⁶ inserts a night): the
-- run removes the history of customers deleted since the last run, and reads check the
-- customer first.
CREATE TABLE customer_score_history (
  customer_id uuid NOT NULL,
  as_of       date NOT NULL,
  run_id      uuid NOT NULL,
  p_alive     double precision NOT NULL,
  risk_score  double precision NOT NULL,
  risk_level  text NOT NULL,
  rfm_segment text NOT NULL,
  value_tier  text NOT NULL,
  clv         numeric(16, 2) NOT NULL,
  PRIMARY KEY (customer_id, as_of)
);

-- Daily tasks (the scheduler): one row per task; a task starts when an instance moves
-- last_day to today (company-local) — a compare-and-set, so with several instances it
-- starts once a day.
CREATE TABLE scheduled_tasks (
  name             text PRIMARY KEY,
  last_day         date,
  last_started_at  timestamptz,
  last_finished_at timestamptz,
  last_error       text,
  runs             integer NOT NULL DEFAULT 0
);
