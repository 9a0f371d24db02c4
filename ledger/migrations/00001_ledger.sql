-- The ledger: the runs, the decision log (a hash chain), the reasons the
-- log refers to, and what the standing version of each order draws on
-- licences and notifications. One schema for SQLite and PostgreSQL: every
-- type here means the same in both.

-- +goose Up
-- One row per committing run: what every row it wrote was decided under.
CREATE TABLE runs (
    run_id           TEXT PRIMARY KEY,
    started_at       TEXT NOT NULL,
    tool_version     TEXT NOT NULL,
    policy_revision  TEXT NOT NULL,
    records_revision TEXT NOT NULL,
    screening        TEXT NOT NULL, -- JSON: screening list -> SHA-256
    inputs           TEXT NOT NULL, -- JSON: input file -> SHA-256
    actor            TEXT NOT NULL  -- who committed: the serve token's name; '' for the command line
);

-- Reasons, kept once however many lines give them: hash is the SHA-256 of
-- body (a JSON array of {"rule", "citation", "message"}).
CREATE TABLE texts (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL
);

-- One row per line committed or amended, in commit order. row_hash is the
-- SHA-256 of prev_hash and the row's canonical content, which includes the
-- hash of its run's fields (docs/ledger.md).
CREATE TABLE decisions (
    seq          BIGINT PRIMARY KEY,
    kind         TEXT NOT NULL, -- decision | amendment
    run_id       TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    file         TEXT NOT NULL,
    line         BIGINT NOT NULL,
    input_hash   TEXT NOT NULL, -- SHA-256 of inputs
    inputs       TEXT NOT NULL, -- JSON: the line's fields as read, name then value
    ship_date    TEXT NOT NULL,
    product      TEXT NOT NULL,
    destination  TEXT NOT NULL,
    end_user     TEXT NOT NULL,
    decision     TEXT NOT NULL,
    eccn         TEXT NOT NULL,
    regime       TEXT NOT NULL,
    review       TEXT NOT NULL, -- the review policy of a license_required line ('' for none)
    exception    TEXT NOT NULL, -- the licence exception of an exception line (NAC, ACA, …; '' for none)
    hits         TEXT NOT NULL, -- JSON: the screening hits the policy read, [{"list", "entry_id", "name", "score", "entry_hash"}]
    auth         TEXT NOT NULL, -- kind:number of the licence, VEU or notification drawn on; '' for none
    drawn        TEXT NOT NULL, -- JSON: [{"limit", "amount"}]
    reasons_hash TEXT NOT NULL, -- texts.hash
    prev_hash    TEXT NOT NULL,
    row_hash     TEXT NOT NULL
);
CREATE INDEX decisions_order ON decisions (order_id);
CREATE INDEX decisions_auth ON decisions (auth) WHERE auth <> '';

-- What the standing version of each order draws on each record's limits.
CREATE TABLE draws (
    order_id TEXT NOT NULL,
    record   TEXT NOT NULL, -- kind:number
    lim      TEXT NOT NULL, -- product ID, ECCN, quantity or value
    amount   DOUBLE PRECISION NOT NULL,
    seq      BIGINT NOT NULL,
    PRIMARY KEY (order_id, record, lim)
);
CREATE INDEX draws_record ON draws (record, lim);

-- Where the chain starts after a prune: the last pruned row's hash.
CREATE TABLE chain (
    id          INTEGER PRIMARY KEY,
    anchor_seq  BIGINT NOT NULL,
    anchor_hash TEXT NOT NULL,
    pruned_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE chain;
DROP TABLE draws;
DROP TABLE decisions;
DROP TABLE texts;
DROP TABLE runs;
