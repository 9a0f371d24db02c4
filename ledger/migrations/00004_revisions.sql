-- The content of each revision that committed decisions: the SHA-256 of
-- the policy and data files (checker.Bundle.Content) a run's
-- policy_revision names, when the revision is not that hash itself (a
-- signed bundle's manifest revision). A commit, or a server taking a
-- bundle, whose revision is here with other content is refused: every
-- decision names only the revision. Not part of the hash chain
-- (docs/ledger.md).

-- +goose Up
CREATE TABLE revisions (
    revision   TEXT PRIMARY KEY,
    content    TEXT NOT NULL, -- SHA-256 of the policy and data files, hex
    first_seen TEXT NOT NULL  -- when a run first committed under it (RFC 3339, UTC)
);

-- +goose Down
DROP TABLE revisions;
