-- The review desk's index over the standing lines holds only those a
-- person may have to look at: an allow line is never in the queue, and
-- most lines are allow, so committing a book wrote most of the index's
-- entries for nothing. Queries that read it say decision <> 'allow'
-- (Filter.where), as both databases want a partial index's condition
-- stated to use it.

-- +goose Up
DROP INDEX decisions_standing;
CREATE INDEX decisions_standing ON decisions (decision, seq) WHERE standing = 1 AND decision <> 'allow';

-- +goose Down
DROP INDEX decisions_standing;
CREATE INDEX decisions_standing ON decisions (decision, seq) WHERE standing = 1;
