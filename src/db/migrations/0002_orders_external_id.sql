-- An order that came from another system (a shop, an ERP export) carries that system's id.
-- Unique per customer so that importing the same orders twice cannot count them twice,
-- even when two imports run at once. Keyed on customer_id so it can be distributed by it.
CREATE UNIQUE INDEX orders_customer_external_id_key ON orders (customer_id, external_id) WHERE external_id IS NOT NULL;
