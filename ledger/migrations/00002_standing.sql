-- Each order's standing version flagged, so that the review desk's queue
-- (the open standing lines, counted by decision) reads an index instead
-- of probing every row for a later one of its order. The flag is kept at
-- commit and is not part of the hash chain; ledger verify checks it
-- against the log.

-- +goose Up
ALTER TABLE decisions ADD COLUMN standing SMALLINT NOT NULL DEFAULT 1; -- 1: the order's latest row that is not an action
UPDATE decisions SET standing = 0
WHERE kind IN ('clearance', 'assignment')
   OR EXISTS (SELECT 1 FROM decisions n WHERE n.order_id = decisions.order_id AND n.seq > decisions.seq AND n.kind NOT IN ('clearance', 'assignment'));
CREATE INDEX decisions_standing ON decisions (decision, seq) WHERE standing = 1;
-- The reviewers' actions, which every check with a ledger reads.
CREATE INDEX decisions_actions ON decisions (seq) WHERE kind IN ('clearance', 'assignment');

-- +goose Down
DROP INDEX decisions_actions;
DROP INDEX decisions_standing;
ALTER TABLE decisions DROP COLUMN standing;
