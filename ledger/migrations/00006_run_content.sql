-- The content of each run's policy revision, when the revision is not
-- that content's hash (a signed bundle's manifest revision): the SHA-256
-- of its policy and data files (checker.Bundle.Content), as the revisions
-- table keeps it. The run's hash covers it (when not ''), so that the
-- revisions table, outside the chain, is checked against the chain by
-- ledger verify (docs/ledger.md). Runs written before have '' and hash as
-- they did.
--
-- And why the run was committed, as its committer gave it (check
-- --reason, which --amend needs: 15 CFR 762.2(a), memoranda and notes of
-- the transaction). Hashed with the run when not ''; runs without one,
-- and all those written before, hash as they did.

-- +goose Up
ALTER TABLE runs ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE runs DROP COLUMN reason;
ALTER TABLE runs DROP COLUMN content;
