-- Messaging: a transactional outbox, its channels' settings, templates, opt-outs and staff
-- notifications. Messages are written in the caller's transaction and claimed by workers
-- with FOR UPDATE SKIP LOCKED, on PGlite and on any number of PostgreSQL instances.

-- A hand send or a campaign run: the unit of the delivery log.
CREATE TABLE message_batches (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  channel text NOT NULL,
  template_id uuid,
  category text NOT NULL DEFAULT 'marketing' CHECK (category IN ('marketing', 'transactional')),
  scheduled_at timestamptz,
  audience jsonb NOT NULL DEFAULT '{}',
  counts jsonb NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  -- e.g. batch + customer + channel, or campaign + customer + channel + occurrence.
  idempotency_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook', 'in_app', 'robot')),
  category text NOT NULL DEFAULT 'transactional' CHECK (category IN ('marketing', 'transactional')),
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'capped', 'opted_out')),
  -- A deleted customer's unsent messages go with them.
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  user_id uuid,
  batch_id uuid,
  template_id uuid,
  interaction_id uuid,
  recipient text NOT NULL,
  subject text,
  body_text text NOT NULL DEFAULT '',
  body_html text,
  template_code text,
  template_params jsonb,
  headers jsonb,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  claimed_by text,
  last_error text,
  provider_message_id text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_idempotency_key ON messages (idempotency_key);
-- What workers scan: due queued messages, and leases of killed workers.
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX messages_leased ON messages (lease_until) WHERE status = 'sending';
CREATE INDEX messages_customer ON messages (customer_id, created_at) WHERE customer_id IS NOT NULL;
CREATE INDEX messages_batch ON messages (batch_id, status) WHERE batch_id IS NOT NULL;

-- Channel credentials and policy; secrets never leave through the API.
CREATE TABLE messaging_config (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE message_opt_outs (
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  channel text NOT NULL,
  source text NOT NULL,
  message_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, channel)
);

CREATE TABLE message_templates (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook', 'in_app', 'robot')),
  locale text NOT NULL DEFAULT 'zh-CN',
  category text NOT NULL DEFAULT 'marketing' CHECK (category IN ('marketing', 'transactional')),
  subject text,
  body_text text NOT NULL,
  body_html text,
  provider_template_code text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX message_templates_name ON message_templates (name, channel, locale);

-- In-app notifications for staff (the bell icon).
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message_id uuid,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE UNIQUE INDEX notifications_message ON notifications (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- SMS delivery reports name the provider's id (Tencent SerialNo, Twilio SID) rather than ours.
CREATE INDEX messages_provider_message_id ON messages (provider_message_id) WHERE provider_message_id IS NOT NULL;
