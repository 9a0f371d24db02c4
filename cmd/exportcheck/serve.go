package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

func init() { commands = append(commands, newServeCmd) }

type serveOpts struct {
	checkerFlags
	listen, tokens, tlsCert, tlsKey string
	maxOrders                       int
	maxBody                         int64
	drain, poll, ledgerPoll         time.Duration
	ledger                          string
	commit                          bool
	rate                            float64
}

func newServeCmd(e *env) *cobra.Command {
	o := &serveOpts{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Answer checks over HTTP: POST /v1/check, with metrics and bearer tokens",
		Long: `Serve the checker as a JSON API (docs/serve.md; the OpenAPI document at /v1/openapi.json):
POST /v1/check takes one order or {"orders": [...]} and answers with the results of check
--format json. GET /healthz, /readyz and /metrics (Prometheus) need no token.

With --tokens FILE every API call needs a bearer token from the file (stored as SHA-256; make
one with exportcheck serve token; SIGHUP reads the file again, so that a token taken out of it
is refused and its review desk sessions end); without it the server listens on loopback only.
SIGTERM or Ctrl-C stops taking connections and lets the requests in flight finish (up to
--drain).

With --bundle FILE|URL --verification-key FILE the policies and data come from a signed bundle
(exportcheck bundle build). SIGHUP, POST /v1/reload (admin role) and --bundle-poll fetch it
again, and read --verification-key again (a key rotated on disk verifies the next bundle): a
bundle that changed and verifies is swapped in (requests running finish under the one they
started with); one that fails is logged and the one in use keeps serving.

With --ledger DSN it serves the review desk too, at /desk/: the lines waiting for a person, and
what remains on each licence. With --tokens, reviewers sign in with a token that has the review
role.`,
		Example: `  exportcheck serve --screening-list cached --listen 127.0.0.1:8080
  exportcheck serve token --name ci-pipeline --roles check`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd.Context(), e, o) },
	}
	o.register(cmd)
	o.registerBundle(cmd)
	fl := cmd.Flags()
	fl.StringVar(&o.listen, "listen", "127.0.0.1:8080", "the address to listen on, `HOST:PORT` (port 0: any free port; the address is printed)")
	fl.StringVar(&o.tokens, "tokens", "", "the tokens `FILE`: {tokens: [{name, sha256, roles}]}; without it, loopback only")
	fl.StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with the certificate (PEM) in `FILE`, with --tls-key")
	fl.StringVar(&o.tlsKey, "tls-key", "", "the certificate's private key (PEM), in `FILE`")
	fl.IntVar(&o.maxOrders, "max-orders", serve.DefaultMaxOrders, "at most `N` orders in one request")
	fl.Int64Var(&o.maxBody, "max-body", serve.DefaultMaxBody, "at most `BYTES` in one request body")
	fl.Var(once(&o.ledger, "ledger", "the ledger the server reads and commits to"), "ledger", "the ledger `DSN` (sqlite:PATH or postgres://…): GET /v1/decisions reads it, and its drawdown counts (default: the configuration's ledger)")
	fl.BoolVar(&o.commit, "commit", false, "commit every order POST /v1/check judges to the ledger, as a run named after the request's token")
	fl.Float64Var(&o.rate, "rate", 0, "at most `N` requests a second from each token (429 beyond; 0: no limit)")
	fl.DurationVar(&o.drain, "drain", 30*time.Second, "on SIGTERM, the `DURATION` requests in flight may take to finish")
	fl.DurationVar(&o.ledgerPoll, "ledger-poll", 30*time.Second, "with --ledger: read the records the ledger keeps (the review desk's clearances and assignments, another server's too) every `DURATION`, and apply them when they changed (0: at start and on reload only)")
	fl.DurationVar(&o.poll, "bundle-poll", 0, "fetch --bundle again every `DURATION` (a URL: with its ETag) and serve it when it changed and verifies (0: only on SIGHUP or POST /v1/reload)")

	var name, file string
	var roles []string
	token := &cobra.Command{
		Use:   "token --name NAME --roles check[,review,admin] [--tokens FILE]",
		Short: "Make a bearer token: the token once on standard output, its entry for the tokens file",
		Long: `Make a random bearer token. The token is printed once, for its holder; the entry printed after
it (the token's SHA-256, never the token) goes in the tokens file serve --tokens reads. With
--tokens FILE the entry is added to FILE (made when missing; the rest of the file kept as
written) and only the token is printed, alone on standard output
(TOKEN=$(exportcheck serve token ... --tokens FILE)); a running serve takes it on SIGHUP.`,
		Example: `  exportcheck serve token --name ci-pipeline --roles check --tokens tokens.yaml`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" || len(roles) == 0 {
				return fmt.Errorf("--name and --roles are required")
			}
			if err := serve.CheckTokenName(name); err != nil {
				return fmt.Errorf("--name: %w", err)
			}
			// --roles check --roles review is both roles, as
			// --roles check,review is (before, the last one given).
			rs := slices.Clone(roles)
			for i := range rs {
				rs[i] = strings.TrimSpace(rs[i])
				// As serve reads the tokens file: an entry it would
				// refuse at start is no entry to print.
				if !slices.Contains([]string{serve.RoleCheck, serve.RoleReview, serve.RoleAdmin}, rs[i]) {
					return fmt.Errorf("--roles: unknown role %q (check, review, admin)", rs[i])
				}
			}
			seen := map[string]bool{}
			rs = slices.DeleteFunc(rs, func(r string) bool { defer func() { seen[r] = true }(); return seen[r] })
			tok, entry := serve.NewToken(name, rs)
			if file != "" {
				// The file first: a token printed whose entry is in
				// no file would be a token no server accepts.
				if err := addToken(file, entry); err != nil {
					return fmt.Errorf("--tokens %w", err)
				}
				// Standard output holds the token alone, for
				// TOKEN=$(exportcheck serve token ... --tokens FILE).
				fmt.Fprintln(e.stdout, tok)
				fmt.Fprintf(e.stderr, "exportcheck: token %s (%s) added to %s; a serve reading it takes it on SIGHUP; the token (on standard output) is not shown again: give it to %s\n", reports.LogText(name), strings.Join(rs, ", "), reports.LogText(file), reports.LogText(name))
				return nil
			}
			b, _ := yaml.Marshal([]serve.Token{entry})
			fmt.Fprintf(e.stdout, "token (give it to %s; it is not shown again):\n  %s\n\nentry for the tokens file, under tokens:\n%s", name, tok, indent(string(b), "  "))
			return nil
		},
	}
	token.Flags().StringVar(&name, "name", "", "the `NAME` of who or what holds the token (the ledger records it)")
	token.Flags().StringSliceVar(&roles, "roles", nil, "the `ROLES`, comma-separated or repeated: check, review, admin")
	token.Flags().StringVar(&file, "tokens", "", "add the entry to the tokens `FILE` (made when missing) instead of printing it")
	cmd.AddCommand(token)
	return cmd
}

// addToken adds a token's entry to the tokens file at path, made when
// missing, replacing it whole (a reader sees the file before or after).
func addToken(path string, t serve.Token) error {
	b, err := os.ReadFile(path)
	mode := fs.FileMode(0o644)
	if fi, serr := os.Stat(path); serr == nil {
		mode = fi.Mode().Perm()
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	out, err := serve.AddToken(path, b, t)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, out); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Chmod(path, mode)
}

// reloadBundle fetches the bundle again and builds a checker like cur
// from it, with the records from files (base) and those the ledger keeps;
// cur (and an error) when the bundle is refused, or not changed.
func (o *serveOpts) reloadBundle(ctx context.Context, cur *checker.Checker, led *ledger.Ledger, base *records.Set) (*checker.Checker, error) {
	l, changed, err := o.source.fetch(ctx)
	if err != nil || !changed {
		return cur, err
	}
	if led != nil {
		// Another server, or a run before a restart, may have committed
		// decisions under its revision with other policies or data.
		if err := led.CheckRevision(ctx, l.Revision, l.files.Content); err != nil {
			return cur, fmt.Errorf("--bundle %s is refused: %w", o.source.src, err)
		}
	}
	// The records now served: those from files and the records the
	// ledger keeps (the desk's, also another server's since this one
	// started).
	next := cur.Options()
	l.use(&next)
	if led != nil {
		kept, err := led.Kept(ctx)
		if err != nil {
			return cur, err
		}
		set, err := ledger.WithKept(base, kept)
		if err != nil {
			return cur, err
		}
		next.Records = set.Checker()
	}
	c, err := checker.New(ctx, next)
	if err != nil {
		return cur, err
	}
	if err := c.Probe(ctx); err != nil {
		return cur, err
	}
	// The records must name what the new bundle's data knows.
	if err := base.CheckKnown(knownData(c)); err != nil {
		return cur, fmt.Errorf("the records name what the bundle's data does not know:\n%w", err)
	}
	if err := o.owners.CheckNames(c.IsName); err != nil {
		return cur, fmt.Errorf("the ownership register names what the bundle's policy reads as no one:\n%w", err)
	}
	o.source.accepted(l)
	return c, nil
}

func indent(s, by string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "")
}

func runServe(ctx context.Context, e *env, o *serveOpts) error {
	var tokens *serve.Tokens
	if o.tokens != "" {
		var err error
		if tokens, err = serve.LoadTokens(o.tokens); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("--tokens %s: no such file: make it with a token: `exportcheck serve token --name NAME --roles check --tokens %s`", o.tokens, o.tokens)
		} else if err != nil {
			return fmt.Errorf("--tokens: %w", err)
		}
	} else if !loopback(o.listen) {
		return fmt.Errorf("--listen %s: without --tokens the server answers anyone who can reach it, so it listens on loopback only (127.0.0.1, ::1 or localhost)", o.listen)
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	opts, scr, cfg, err := o.options("")
	if err != nil {
		return err
	}
	if err := committable(o.commit, opts.Regime); err != nil {
		return err
	}
	// As it starts: nothing is screened yet.
	for _, w := range scr.starting {
		warn(e.stderr, w)
	}
	if cfg.Strict && len(scr.starting) > 0 {
		return fmt.Errorf("%s: %s about the screening lists (above); not serving", strictSource(false, cfg), countOf(len(scr.starting), "warning"))
	}
	var led *ledger.Ledger
	base := o.loaded // the records from files
	for _, w := range emptyRecordsWarnings(o.loaded) {
		warn(e.stderr, w)
	}
	if dsn := cmp.Or(o.ledger, cfg.Ledger); dsn != "" {
		if led, err = ledger.Open(ctx, dsn, o.commit); err != nil {
			return err
		}
		defer led.Close()
		// Every request that a licence could cover reads the drawdown;
		// the draws are checked against the log once a minute, not for
		// each (the check counts the whole log).
		led.CheckDrawsEvery(drawsCheckEvery)
		if o.commit {
			if v, err := led.Version(ctx); err == nil && v == 0 {
				if _, err := led.Migrate(ctx); err != nil {
					return err
				}
			}
		}
		if err := led.Ready(ctx); err != nil {
			return err
		}
		if opts.Bundle != nil {
			// The bundle's revision may have committed decisions with
			// other policies or data (before a restart, or from another
			// server): the ledger remembers what the process does not.
			if err := led.CheckRevision(ctx, opts.Revision, opts.Bundle.Content); err != nil {
				return fmt.Errorf("--bundle %s is refused: %w", o.bundle, err)
			}
		}
		opts.Drawdown = ledger.ContextDrawdown{L: led}
		if err := o.keptRecords(ctx, led, &opts); err != nil {
			return err
		}
		o.loaded = base // the desk adds the records the ledger keeps to those from files itself
	} else if o.commit {
		return fmt.Errorf("--commit needs a ledger: --ledger sqlite:PATH or postgres://…, or ledger: in the configuration")
	} else {
		// Each request would count its own lines alone, and every order
		// would find its licence's whole limit left.
		opts.Uncounted = "the server keeps no ledger (serve --ledger DSN counts what committed shipments drew)"
		if opts.Records != nil {
			fmt.Fprintf(e.stderr, "exportcheck: warning: --records without --ledger: a licence or notification with limits covers no order (what earlier orders drew on it is not known); --ledger DSN counts what committed shipments drew\n")
		}
	}
	c, err := checker.New(ctx, opts)
	if err != nil {
		return err
	}
	if err := c.Probe(ctx); err != nil {
		return err
	}
	if err := o.checkRecords(c); err != nil {
		return err
	}
	lw, err := licenceWarnings(base, c)
	if err != nil {
		return err
	}
	for _, w := range lw {
		warn(e.stderr, w)
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(logLines{e.stderr}, nil))
	sopts := serve.Options{Checker: c, Version: toolVersion(), Tokens: tokens, MaxOrders: o.maxOrders, MaxBody: o.maxBody, Logger: logger,
		Ledger: led, Commit: o.commit, Rate: o.rate, Lists: scr.snaps}
	if scr.served != nil {
		sopts.Warnings = func() []string { return scr.served(time.Now()) }
	}
	if o.loaded != nil {
		sopts.Records = o.loaded
	}
	if s, ok := scr.screener.(screening.Screener); ok {
		sopts.Entry = s.M.Entry
	}
	if reg := o.owners; reg != nil {
		sopts.Inputs = map[string]string{"ownership:" + strings.Join(reg.Files(), ","): reg.Revision()}
	}
	sopts.ScreeningDates = map[string]time.Time{}
	for _, sn := range scr.snaps {
		if t, err := time.Parse(time.RFC3339, sn.Downloaded); err == nil {
			sopts.ScreeningDates[sn.Path] = t
		} else if t, err := time.Parse(time.DateOnly, sn.Newest); err == nil {
			sopts.ScreeningDates[sn.Path] = t
		}
	}
	var api *serve.Server
	if o.source != nil {
		sopts.BundleBuilt = o.source.Built
		sopts.Reload = func(ctx context.Context) (*checker.Checker, error) {
			return o.reloadBundle(ctx, api.Checker(), led, base)
		}
	}
	sopts.Regime = func(ctx context.Context, base *checker.Checker, regime string) (*checker.Checker, error) {
		o := base.Options()
		o.Regime = regime
		return checker.New(ctx, o)
	}
	api = serve.New(sopts)
	if led != nil && o.ledgerPoll > 0 {
		go func() {
			t := time.NewTicker(o.ledgerPoll)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					if _, err := api.Refresh(ctx); err != nil {
						logger.Error("reading the records the ledger keeps; the records in use keep serving", "err", err)
					}
				}
			}
		}()
	}
	// SIGHUP (systemctl reload) fetches the bundle again; without one
	// there is nothing to reload, and it must not stop the server (a
	// signal not caught would).
	reload := make(chan os.Signal, 1)
	signal.Notify(reload, syscall.SIGHUP)
	defer signal.Stop(reload)
	var tick <-chan time.Time
	if o.source != nil && o.poll > 0 {
		t := time.NewTicker(o.poll)
		defer t.Stop()
		tick = t.C
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-reload:
				// The tokens file too: a token taken out of it is
				// refused from now on, and its desk sessions end. One
				// that does not load leaves the tokens in use.
				if o.tokens != "" {
					api.ReloadTokens(o.tokens) // logged and counted
				}
				if o.source == nil {
					if o.tokens == "" {
						logger.Warn("SIGHUP: nothing to reload (the server was started without --bundle or --tokens)")
					}
					continue
				}
			case <-tick:
			}
			api.Reload(ctx)
		}
	}()
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stderr, "exportcheck: serving on %s://%s (policy revision %s", scheme, ln.Addr(), c.Bundle().ShortRevision())
	if led != nil {
		fmt.Fprintf(e.stderr, "; ledger %s", reports.LogText(led.Name()))
		if o.commit {
			fmt.Fprint(e.stderr, ", committing every decision")
		}
		fmt.Fprintf(e.stderr, "; the review desk at %s://%s/desk/", scheme, ln.Addr())
	}
	if tokens == nil {
		fmt.Fprint(e.stderr, "; no --tokens: anyone on this machine may call it")
	}
	fmt.Fprintln(e.stderr, ")")
	done := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			done <- srv.ServeTLS(ln, o.tlsCert, o.tlsKey)
		} else {
			done <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintf(e.stderr, "exportcheck: stopping: no new connections; letting requests in flight finish (up to %s)\n", o.drain)
	sctx, cancel := context.WithTimeout(context.Background(), o.drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stderr, "exportcheck: stopped")
	return nil
}

// loopback reports whether a listen address is on loopback only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// drawsCheckEvery is how often serve checks a ledger's draws against its
// decision log (ledger.Ledger.CheckDrawsEvery).
const drawsCheckEvery = time.Minute
