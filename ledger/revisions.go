package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// RevisionConflict is a revision the ledger knows with other content: a
// run or a bundle names it, but its policies and data are not those that
// committed decisions under it. Every decision names only the revision,
// so an auditor could not tell which of the two made it.
type RevisionConflict struct {
	Ledger    string // the ledger's name (DSN without a password)
	Revision  string
	Content   string // the content given now
	Known     string // the content the ledger keeps for the revision
	FirstSeen string // when a run first committed under it
}

func (e *RevisionConflict) Error() string {
	return fmt.Sprintf("ledger %s: revision %s committed decisions made with other policies and data (SHA-256 %s, first committed %s; these are %s): every decision names only the revision, so other content needs a new revision (exportcheck bundle build names its content's hash)",
		e.Ledger, e.Revision, e.Known, e.FirstSeen, e.Content)
}

// named reports whether the revision names content other than by its
// hash, so that the ledger keeps and compares the content: a signed
// bundle's manifest revision. A checker built from files is named by
// its content's hash (or content is not known, ""): nothing to compare.
func named(revision, content string) bool {
	return revision != "" && content != "" && content != revision
}

// CheckRevision refuses (a *RevisionConflict) a revision the ledger
// knows with other content than content (checker.Bundle.Content): what
// serve asks before it serves a bundle. It reads only: a revision is
// recorded when a run commits under it (Begin).
func (l *Ledger) CheckRevision(ctx context.Context, revision, content string) error {
	if !named(revision, content) {
		return nil
	}
	if known, ok := l.revisions.Load(revision); ok && known == content {
		return nil
	}
	if err := l.Ready(ctx); err != nil {
		return err
	}
	ctx, cancel := within(ctx)
	defer cancel()
	var known, first string
	err := l.db.QueryRowContext(ctx, "SELECT content, first_seen FROM revisions WHERE revision = "+l.params(1, 1), revision).Scan(&known, &first)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return l.faultIn(ctx, "reading the revision's content", err)
	case known != content:
		return &RevisionConflict{Ledger: l.name, Revision: revision, Content: content, Known: known, FirstSeen: first}
	}
	l.revisions.Store(revision, content)
	return nil
}

// claim records the content of the run's revision, or compares it with
// the content recorded: in the transaction, before the run's savepoint,
// so that a run undone alone leaves it for the others of the group, and
// a transaction undone takes it away. Once per revision a process: a
// revision found committed with the same content is not asked again.
func (s *Session) claim(ctx context.Context) error {
	rev, content := s.run.PolicyRevision, s.run.Content
	if !named(rev, content) || s.claimed[rev] == content {
		return nil
	}
	if known, ok := s.l.revisions.Load(rev); ok && known == content {
		return nil
	}
	ctx, cancel := within(ctx)
	defer cancel()
	// Insert if absent, then read what is there: the commits' lock makes
	// the writers take turns, and ON CONFLICT keeps one row whatever
	// runs beside them.
	res, err := s.q.ExecContext(ctx, "INSERT INTO revisions (revision, content, first_seen) VALUES ("+s.l.params(1, 3)+") ON CONFLICT (revision) DO NOTHING",
		rev, content, s.run.Started.UTC().Format(time.RFC3339))
	if err != nil {
		return s.faultIn(ctx, "recording the revision's content", err)
	}
	var known, first string
	if err := s.q.QueryRowContext(ctx, "SELECT content, first_seen FROM revisions WHERE revision = "+s.l.params(1, 1), rev).Scan(&known, &first); err != nil {
		return s.faultIn(ctx, "reading the revision's content", err)
	}
	if known != content {
		return &RevisionConflict{Ledger: s.l.name, Revision: rev, Content: content, Known: known, FirstSeen: first}
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		s.l.revisions.Store(rev, content) // committed before this transaction
	} else {
		if s.claimed == nil {
			s.claimed = map[string]string{}
		}
		s.claimed[rev] = content // committed with it
	}
	return nil
}
