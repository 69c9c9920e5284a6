-- A customer's risk history goes when the customer goes (a delete, or the merge of a
-- duplicate into another customer). customer_score_history has no foreign key (a check per
-- inserted row cost the nightly run minutes, see 0005); instead of each analysis run looking
-- for the history of customers deleted since the last one (a join of a million scores with
-- a million customers, ~3 s every night), the delete itself removes it, once per statement.
CREATE FUNCTION delete_score_history_of_deleted_customers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_score_history h USING deleted_customers d WHERE h.customer_id = d.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER customers_delete_score_history
  AFTER DELETE ON customers
  REFERENCING OLD TABLE AS deleted_customers
  FOR EACH STATEMENT EXECUTE FUNCTION delete_score_history_of_deleted_customers();
