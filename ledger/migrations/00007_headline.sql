-- The reason that decided each line, as the policy marked it: 1 + its
-- index in the row's reasons (checker.Result.Headline), the reason every
-- output, the review desk and the ledger's reports show first. Hashed
-- with the row when not 0. Rows written before have 0, hash as they did,
-- and show their first reason (docs/ledger.md).

-- +goose Up
ALTER TABLE decisions ADD COLUMN headline BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE decisions DROP COLUMN headline;
