-- Weixi core schema. Append-only: never edit a migration that has shipped; add a new one.
-- Must run on PostgreSQL 15 (PGlite is PostgreSQL 18, so avoid 16+ features).
-- Customer-owned tables carry customer_id and key on it so they can be distributed
-- by customer id on Citus (see docs/deployment.md).

CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL,
  display_name  text NOT NULL,
  email         text,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
  regions       text[] NOT NULL DEFAULT '{}',
  locale        text NOT NULL DEFAULT 'zh-CN',
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Sessions and API tokens live in the database so any app instance can serve any request.
-- Only a SHA-256 of the secret is stored.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     uuid,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  customer_id uuid,
  data        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_customer_idx ON audit_log (customer_id, at) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TABLE groups (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  color       text,
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX groups_name_key ON groups (lower(name));

-- Team-defined follow-up intent levels (意向程度); separate from lifecycle stage.
CREATE TABLE intent_levels (
  key        text PRIMARY KEY,
  label_zh   text NOT NULL,
  label_en   text NOT NULL,
  rank       integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Custom fields are data: a definition here, values in customers.custom_fields.
CREATE TABLE custom_field_defs (
  id         uuid PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  label_zh   text NOT NULL,
  label_en   text NOT NULL,
  type       text NOT NULL CHECK (type IN ('text', 'number', 'date', 'select', 'multiselect')),
  options    jsonb NOT NULL DEFAULT '[]',
  required   boolean NOT NULL DEFAULT false,
  max_length integer,
  position   integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
  id               uuid PRIMARY KEY,
  name             text NOT NULL,
  -- pinyin of the name for sorting Chinese names the way people expect (张 under Z)
  name_sort        text NOT NULL,
  gender           text CHECK (gender IN ('male', 'female', 'other')),
  -- `birthday` is the real (solar) date of birth; birthday_lunar = true means the
  -- customer celebrates on the lunar anniversary (农历生日), derived from that date,
  -- leap months (闰月) included. A lunar date such as 二月三十 has no Gregorian
  -- twin, so storing lunar digits in a date column would not work.
  birthday         date,
  birthday_lunar   boolean NOT NULL DEFAULT false,
  phones           jsonb NOT NULL DEFAULT '[]',
  emails           jsonb NOT NULL DEFAULT '[]',
  wechat           text,
  qq               text,
  company          text,
  title            text,
  address          text,
  source           text,
  owner_id         uuid REFERENCES users (id) ON DELETE SET NULL,
  region           text,
  stage            text NOT NULL DEFAULT 'potential'
                   CHECK (stage IN ('non_customer', 'potential', 'target', 'current', 'loyal', 'churned')),
  intent           text REFERENCES intent_levels (key) ON UPDATE CASCADE ON DELETE SET NULL,
  tags             text[] NOT NULL DEFAULT '{}',
  important_dates  jsonb NOT NULL DEFAULT '[]',
  custom_fields    jsonb NOT NULL DEFAULT '{}',
  -- Search support, maintained by the application on every write (customers/search-fields.ts):
  -- search_text: lower-cased name, pinyin, initials, company, phone digits, e-mails, ids,
  --   rechecked with LIKE;
  -- search_keys: the keys of one GIN index that answers a whole list filter at once:
  --   text grams (CJK 1-/2-grams, latin/digit 3-grams, short pinyin prefixes) and filter
  --   tokens s:<stage>, r:<region>, o:<owner id>, t:<tag>, g:<group id>;
  -- contact_keys: exact normalised phones/e-mails/ids for duplicate detection.
  -- "C" collation: byte order is all these keys need, and it compares fastest.
  search_text      text NOT NULL DEFAULT '',
  search_keys      text[] COLLATE "C" NOT NULL DEFAULT '{}',
  contact_keys     text[] COLLATE "C" NOT NULL DEFAULT '{}',
  created_by       uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1
);
-- Stage, region, owner, tag and group filters go through search_keys, so they need no
-- B-tree of their own; these B-trees serve the list's sort orders.
CREATE INDEX customers_search_keys_idx ON customers USING gin (search_keys);
CREATE INDEX customers_contact_keys_idx ON customers USING gin (contact_keys);
CREATE INDEX customers_custom_fields_idx ON customers USING gin (custom_fields jsonb_path_ops);
CREATE INDEX customers_owner_idx ON customers (owner_id);
CREATE INDEX customers_updated_idx ON customers (updated_at DESC, id DESC);
CREATE INDEX customers_created_idx ON customers (created_at DESC, id DESC);
CREATE INDEX customers_name_sort_idx ON customers (name_sort, id);

CREATE TABLE customer_groups (
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  group_id    uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, group_id)
);
CREATE INDEX customer_groups_group_idx ON customer_groups (group_id, customer_id);

-- Every move between lifecycle states, with when, who and why (DOMAIN: states).
CREATE TABLE customer_stage_changes (
  id          bigint GENERATED ALWAYS AS IDENTITY,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  from_stage  text,
  to_stage    text NOT NULL,
  reason      text,
  user_id     uuid,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id)
);
CREATE INDEX customer_stage_changes_at_idx ON customer_stage_changes (at);

CREATE TABLE interactions (
  id          uuid NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('note', 'call', 'visit', 'meeting', 'email', 'sms',
                                              'wechat', 'purchase', 'complaint', 'system')),
  channel     text,
  occurred_at timestamptz NOT NULL,
  author_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  subject     text,
  body_html   text NOT NULL DEFAULT '',
  body_text   text NOT NULL DEFAULT '',
  data        jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id)
);
CREATE INDEX interactions_timeline_idx ON interactions (customer_id, occurred_at DESC, id DESC);

CREATE TABLE orders (
  id          uuid NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  ordered_at  timestamptz NOT NULL,
  amount      numeric(14, 2) NOT NULL,
  cost        numeric(14, 2),
  currency    text NOT NULL DEFAULT 'CNY',
  description text,
  items       jsonb NOT NULL DEFAULT '[]',
  channel     text,
  external_id text,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id)
);
CREATE INDEX orders_customer_time_idx ON orders (customer_id, ordered_at DESC);
CREATE INDEX orders_time_idx ON orders (ordered_at);

-- What the company spent on a customer (企业投入): gifts, discounts, service hours.
CREATE TABLE investments (
  id          uuid NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('gift', 'discount', 'service_hours', 'other')),
  occurred_at timestamptz NOT NULL,
  cost        numeric(14, 2) NOT NULL,
  hours       numeric(8, 2),
  description text,
  user_id     uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id)
);
CREATE INDEX investments_customer_time_idx ON investments (customer_id, occurred_at DESC);

INSERT INTO intent_levels (key, label_zh, label_en, rank) VALUES
  ('strong', '意向强烈', 'Strong intent', 30),
  ('target', '目标', 'Target', 20),
  ('normal', '一般', 'Normal', 10),
  ('weak', '意向较弱', 'Weak intent', 0);
