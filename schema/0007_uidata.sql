-- 0006_uidata.sql: what the UI and the text output need to show records
-- as they are.
--
-- An invoice line's minutes: a labor line's quantity is hours in
-- hundredths (4.77 for 286 minutes) and its total comes from the exact
-- minutes (money_labor), so the quantity alone does not multiply to the
-- total.  The minutes let every view write the line as 4:46 h x 125.00 =
-- 595.83.  NULL: not a labor line (an expense), or a line written before
-- this column, shown by its quantity as before.
ALTER TABLE invoice_items ADD COLUMN minutes INTEGER
	CHECK (minutes IS NULL OR minutes >= 0);

-- payment list is newest received first (ties by id), paged by keyset:
-- one index for all payments and one for a client's.
CREATE INDEX payments_received ON payments(received_at, id);
CREATE INDEX payments_client_received ON payments(client_id, received_at, id);
