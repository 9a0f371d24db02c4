-- Every read of the drawdown first checks the draws table against what
-- the log's standing versions draw (ledger.DrawsChanged), from indexes
-- alone, never reading rows of the log scattered over the whole table:
-- the versions that draw, with what they draw (a tenth of a generated
-- book's rows), and each order's rows by sequence with their kind (is a
-- version its order's latest?), which widens the index on order_id.

-- +goose Up
CREATE INDEX decisions_drawing ON decisions (order_id, seq, kind, auth, drawn) WHERE auth <> '' AND kind NOT IN ('clearance', 'assignment');
DROP INDEX decisions_order;
CREATE INDEX decisions_order ON decisions (order_id, seq, kind);

-- +goose Down
DROP INDEX decisions_order;
CREATE INDEX decisions_order ON decisions (order_id);
DROP INDEX decisions_drawing;
