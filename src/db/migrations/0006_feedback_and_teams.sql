-- Issue 5 (C3 segments, manager view): survey answers per customer, and teams for the
-- manager view's KPIs by team.

-- A user's team (销售一组, 华东服务部 …): free text, optional; KPIs group owners by it.
ALTER TABLE users ADD COLUMN team text;

-- One survey answer: an NPS score (0–10, "how likely are you to recommend us") or a
-- satisfaction score (1–5). The attitude axis of the C3 segments reads the latest of each.
CREATE TABLE customer_feedback (
  id           uuid NOT NULL,
  customer_id  uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('nps', 'satisfaction')),
  score        smallint NOT NULL,
  comment      text,
  surveyed_at  timestamptz NOT NULL,
  recorded_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id),
  CHECK ((kind = 'nps' AND score BETWEEN 0 AND 10) OR (kind = 'satisfaction' AND score BETWEEN 1 AND 5))
);
CREATE INDEX customer_feedback_latest_idx ON customer_feedback (customer_id, kind, surveyed_at DESC);
