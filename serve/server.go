// Package serve is exportcheck as an HTTP service: the checker behind a
// small versioned JSON API, with Prometheus metrics, bearer tokens with
// roles, and errors as RFC 9457 problem details. The checker decides; this
// package moves requests in and results out.
package serve

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/time/rate"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/orders"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/review"
	"github.com/exportcheck/exportcheck/screening"
)

// OpenAPI is the API's OpenAPI 3.1 document, served at /v1/openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte

// Defaults.
const (
	DefaultMaxOrders = 10_000   // orders in one POST /v1/check
	DefaultMaxBody   = 32 << 20 // bytes of a request body
)

// Options configure a server.
type Options struct {
	Checker *checker.Checker
	// Warnings, when set, are said in every check response (a
	// demonstration or stale screening list, as of the request), as check
	// says them in every output.
	Warnings  func() []string
	Version   string  // exportcheck's version
	Tokens    *Tokens // nil: no authentication (the command then listens on loopback only)
	MaxOrders int     // default DefaultMaxOrders
	MaxBody   int64   // default DefaultMaxBody
	Logger    *slog.Logger
	// Reload, when set, makes a new checker (a new bundle): POST
	// /v1/reload and Server.Reload call it, and swap it in when it
	// succeeds; on failure the checker in use keeps serving.
	Reload func(ctx context.Context) (*checker.Checker, error)
	// Regime, when set, makes a checker like the one serving but under
	// another regime (?regime= on /v1/check), from the checker serving;
	// each is made once and kept until that checker is replaced.
	Regime func(ctx context.Context, base *checker.Checker, regime string) (*checker.Checker, error)
	// Ledger, when set, serves GET /v1/decisions; with Commit, every
	// order POST /v1/check judges is committed to it, as a run of its
	// own named after the request's token. The checker's drawdown must
	// be a ledger.ContextDrawdown on it.
	// Rate is how many requests a second each token may make (its burst
	// is as many); 0 for no limit. Requests without a token share one
	// limit.
	Rate float64

	Ledger         *ledger.Ledger
	Commit         bool
	ScreeningDates map[string]time.Time // each screening list's date: its download, or its newest entry (for its age in /metrics)
	// Lists are the screening lists the checker screens against, as the
	// outputs of check record them, for the review desk to name on every
	// page and for the ledger's runs to record; none when screening is
	// off (the checker has no Screener). None with a Screener, the desk
	// says it does not know them, and the ledger records no list.
	Lists []reports.Snapshot
	// BundleBuilt, when set, is when the bundle serving was built (zero:
	// its manifest does not say), for its age in /metrics: a mirror that
	// answers every poll with 304 keeps an old bundle serving while every
	// reload succeeds.
	BundleBuilt func() time.Time
	// Entry finds a screening-list entry by its id, for the review desk's
	// line page (the candidate's whole record); nil when screening is off.
	Entry func(id string) (*screening.Entry, bool)
	// Records are the records from files the checker applies (without
	// those the ledger keeps), for the review desk's licences page and to
	// add the ledger's to; nil for none.
	Records *records.Set
	// Inputs are further inputs every committed run names with its hash
	// (the ownership register), beside the request's own ("request"). Give
	// no key "-": it names the command line's standard input, and the
	// review desk would take the run's lines for the command line's.
	Inputs map[string]string
}

// Server is the HTTP handler of the API.
type Server struct {
	opts    Options
	lists   json.RawMessage // opts.Lists as check's JSON output records them, marshalled once
	mux     *http.ServeMux
	metrics *metrics
	current atomic.Pointer[checker.Checker] // each request takes one and keeps it
	kept    atomic.Pointer[keptState]       // the records the ledger keeps, as a commit last read them
	limits  sync.Map                        // token name -> *rate.Limiter
	regimes atomic.Pointer[regimeSet]       // the ?regime= checkers made from the checker serving, replaced with it
	reload  sync.Mutex                      // one reload at a time
	group   groupCommit                     // committing requests, committed together
	cop     *http.CrossOriginProtection     // the API refuses browsers' cross-site requests
	tokens  atomic.Pointer[Tokens]          // the tokens accepted now (SetTokens); nil without --tokens
}

// New makes a server for a compiled checker.
func New(opts Options) *Server {
	if opts.MaxOrders <= 0 {
		opts.MaxOrders = DefaultMaxOrders
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), cop: http.NewCrossOriginProtection()}
	if len(opts.Lists) > 0 {
		s.lists, _ = json.Marshal(opts.Lists) // strings and numbers: it cannot fail
	}
	s.current.Store(opts.Checker)
	s.regimes.Store(&regimeSet{base: opts.Checker})
	s.tokens.Store(opts.Tokens)
	s.metrics = newMetrics(s, opts.Version)
	s.metrics.setRevision(opts.Checker.Revision(), opts.Version)
	s.route("POST /v1/check", RoleCheck, s.check)
	s.route("GET /v1/products", RoleCheck, s.products)
	s.route("GET /v1/products/{id}/classification", RoleCheck, s.classification)
	s.route("GET /v1/countries/{code}", RoleCheck, s.country)
	s.route("POST /v1/screen", RoleCheck, s.screen)
	s.route("POST /v1/matrix", RoleCheck, s.matrix)
	s.route("GET /v1/decisions", RoleCheck, s.decisions)
	s.route("POST /v1/reload", RoleAdmin, func(w http.ResponseWriter, r *http.Request) {
		if _, ok := params(w, r); !ok {
			return
		}
		if s.opts.Reload == nil {
			problem(w, http.StatusConflict, "no-reload", "Nothing to reload", "the server was started without --bundle: its policies are the ones built in")
			return
		}
		rev, err := s.Reload(r.Context())
		if err != nil {
			problem(w, http.StatusBadGateway, "reload-failed", "The reload failed; the policies in use keep serving", err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "reloaded", "revision": rev})
	})
	s.route("GET /v1/openapi.json", "", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(OpenAPI)
	})
	s.route("GET /healthz", "", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.route("GET /readyz", "", func(w http.ResponseWriter, r *http.Request) {
		// With a ledger every check reads it (drawdown) or writes it
		// (--commit): a replica that cannot reach it answers every
		// check 503, so it is not ready, and a load balancer sends the
		// checks elsewhere.
		if l := s.opts.Ledger; l != nil {
			ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
			defer cancel()
			if err := l.Ping(ctx); err != nil {
				s.ledgerFault(w, r, "Not ready", "the server cannot serve checks", err)
				return
			}
			// Draws changed other than by a commit: every check a
			// licence could cover would be refused (ledger.DrawsChanged).
			if err := l.CheckDraws(ctx); err != nil {
				s.ledgerFault(w, r, "Not ready", "the server cannot serve checks", err)
				return
			}
			// Another server may have committed under the revision
			// served with other content: every commit would be refused.
			c := s.current.Load()
			var rc *ledger.RevisionConflict
			if err := l.CheckRevision(ctx, c.Revision(), c.Bundle().Content); errors.As(err, &rc) {
				problem(w, http.StatusServiceUnavailable, "revision-conflict", "Not ready: the ledger holds other policies and data for this revision",
					revisionConflict(rc)+"; the ledger refuses its decisions: serve that content, or a bundle built under a new revision (exportcheck bundle build names its content's hash)")
				return
			} else if err != nil {
				s.ledgerFault(w, r, "Not ready", "the server cannot serve checks", err)
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "revision": s.current.Load().Revision()})
	})
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	newDesk(s).routes()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if allow := s.methods(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			problem(w, http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed", fmt.Sprintf("%s takes %s, not %s", r.URL.EscapedPath(), strings.Join(allow, " or "), r.Method))
			return
		}
		problem(w, http.StatusNotFound, "not-found", "No such route", fmt.Sprintf("%s %s is not a route of this API (see /v1/openapi.json)", r.Method, r.URL.EscapedPath()))
	})
	return s
}

// methods are the methods the routes take at r's path, when r's own is
// not one of them: the mux, asked with each method in turn, finds a route
// other than the catch-all. The catch-all ("/") matches every method, so
// the mux's own 405 never happens.
func (s *Server) methods(r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		q := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(q); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Answers echo their input (an unknown product's name): no browser is
	// to read one as anything but its Content-Type.
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// Without tokens the server listens on loopback, where anyone on the
	// machine may call it; but a web page whose name its author points at
	// 127.0.0.1 (DNS rebinding) is then the browser's same origin, and
	// could read the desk's form token and post clearances, or check and
	// commit orders. Only a request addressed to loopback is answered.
	if s.opts.Tokens == nil && !loopbackHost(r.Host) {
		problem(w, http.StatusForbidden, "not-loopback", "Not addressed to loopback",
			fmt.Sprintf("a server without --tokens answers requests to localhost or a loopback address only, not to %q", r.Host))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether a request's Host (with or without a port)
// names loopback: localhost or a loopback address.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SetTokens replaces the tokens the server accepts (the tokens file read
// again): a token no longer in it is refused from the next request on, and
// a review desk session signed in with it ends; a token whose roles
// changed has the new ones. A server started without tokens (loopback
// only) cannot be given some, nor one with tokens none.
func (s *Server) SetTokens(ts *Tokens) error {
	if s.opts.Tokens == nil || ts == nil {
		return errors.New("a server started without --tokens answers loopback only, and one started with them keeps needing them: restart it to change that")
	}
	s.tokens.Store(ts)
	return nil
}

// ReloadTokens reads the tokens file again (SIGHUP) and, when it loads,
// has the server accept its tokens (SetTokens). A file that does not load
// (a token file half written, a typo) leaves the tokens in use, and is
// logged and counted (exportcheck_tokens_reloads_total{result="failure"})
// as a failed bundle reload is: an operator who revoked a token learns
// that it is still accepted. A file whose tokens: list is empty takes
// every token away (each request that needs one is refused from now on):
// kept, the tokens it revoked would go on being accepted.
func (s *Server) ReloadTokens(path string) error {
	ts, err := LoadTokens(path)
	if errors.Is(err, errNoTokens) {
		ts, err = &Tokens{byHash: map[[32]byte]*Token{}}, nil
		s.opts.Logger.Warn("the tokens file lists no tokens: every request that needs one is refused", "file", path)
	}
	if err == nil {
		err = s.SetTokens(ts)
	}
	s.metrics.lastTokens.SetToCurrentTime()
	if err != nil {
		s.metrics.tokenReloads.WithLabelValues("failure").Inc()
		s.opts.Logger.Error("the tokens file was not read again; the tokens in use stay", "file", path, "err", err)
		return err
	}
	s.metrics.tokenReloads.WithLabelValues("success").Inc()
	s.opts.Logger.Info("tokens read again", "file", path)
	return nil
}

// Checker is the checker serving now.
func (s *Server) Checker() *checker.Checker { return s.current.Load() }

// Reload makes a new checker with Options.Reload and swaps it in; requests
// already running finish with the checker they took. It returns the
// revision now served. On failure the checker in use keeps serving.
func (s *Server) Reload(ctx context.Context) (string, error) {
	s.reload.Lock()
	defer s.reload.Unlock()
	c, err := s.opts.Reload(ctx)
	s.metrics.lastReload.SetToCurrentTime()
	if err != nil {
		s.metrics.reloads.WithLabelValues("failure").Inc()
		s.opts.Logger.Error("reload failed; the policies in use keep serving", "revision", s.current.Load().Revision(), "err", err)
		return s.current.Load().Revision(), err
	}
	s.metrics.reloads.WithLabelValues("success").Inc()
	if c == s.current.Load() {
		// Unchanged (a poll or SIGHUP that found the same bundle): the
		// checker serving stays, and what it counted is not retired
		// while it goes on counting.
		return c.Revision(), nil
	}
	old := s.swap(c)
	if old.Revision() != c.Revision() {
		s.opts.Logger.Info("reloaded", "revision", c.Revision(), "was", old.Revision())
	}
	return c.Revision(), nil
}

// swap puts c in the place of the checker serving, and returns that one.
func (s *Server) swap(c *checker.Checker) *checker.Checker {
	s.metrics.mu.Lock()
	old := s.current.Swap(c)
	s.metrics.retire(old)
	s.metrics.mu.Unlock()
	// The old checker's regime checkers go with it (made again from the
	// new checker when asked): a revision names what its manifest says,
	// and a bundle of other content may say the same.
	s.regimes.Store(&regimeSet{base: c})
	s.metrics.setRevision(c.Revision(), s.opts.Version)
	return old
}

// route registers a handler that needs a role ("" for none), counted and
// timed under its pattern.
func (s *Server) route(pattern, role string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			s.metrics.requests.WithLabelValues(pattern, strconv.Itoa(sw.status)).Inc()
			s.metrics.latency.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
		}()
		// A browser's cross-site request (a form, or a text/plain
		// fetch, which need no CORS preflight) is refused: without
		// --tokens any web page its user opens could check and commit
		// orders. Clients that are not browsers send no such headers.
		if role != "" {
			if err := s.cop.Check(r); err != nil {
				problem(sw, http.StatusForbidden, "cross-origin", "Cross-origin request refused", "a browser's request from another site; call the API from a client, not a web page")
				return
			}
		}
		var name string // the token's; "" without a tokens file
		if role != "" && s.opts.Tokens != nil {
			t := s.tokens.Load().lookup(bearer(r.Header.Get("Authorization")))
			if t == nil {
				sw.Header().Set("WWW-Authenticate", `Bearer realm="exportcheck"`)
				problem(sw, http.StatusUnauthorized, "unauthorized", "A valid bearer token is required", "send Authorization: Bearer TOKEN with a token from the server's tokens file")
				return
			}
			if !hasRole(t, role) {
				problem(sw, http.StatusForbidden, "forbidden", "The token lacks the role", fmt.Sprintf("token %s does not have the %s role", t.Name, role))
				return
			}
			name = t.Name
			r = r.WithContext(context.WithValue(r.Context(), tokenKey{}, t))
		}
		// The rate is each token's, counted once it is known to be one:
		// a caller without a valid token gets 401, not another's 429.
		if role != "" {
			if !s.allow(name) {
				sw.Header().Set("Retry-After", "1")
				problem(sw, http.StatusTooManyRequests, "rate-limited", "Too many requests", fmt.Sprintf("at most %g requests a second per token", s.opts.Rate))
				return
			}
		}
		h(sw, r)
	})
}

type tokenKey struct{}

// allow reports whether the token name ("" without a tokens file) may
// make one more request under --rate: the API's routes and the review
// desk's pages draw on the same allowance.
func (s *Server) allow(name string) bool {
	if s.opts.Rate <= 0 {
		return true
	}
	l, _ := s.limits.LoadOrStore(name, rate.NewLimiter(rate.Limit(s.opts.Rate), max(1, int(s.opts.Rate))))
	return l.(*rate.Limiter).Allow()
}

func hasRole(t *Token, role string) bool {
	for _, r := range t.Roles {
		if r == role {
			return true
		}
	}
	return false
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// check judges one order, or {"orders": [...]}: the results in the shape
// of check --format json. A bad order is an error entry; the others are
// still judged.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	c := s.current.Load() // one revision for the whole request
	q, ok := params(w, r, "as_of", "regime", "explain")
	if !ok {
		return
	}
	asOf := q.Get("as_of")
	explain := false
	if v := q.Get("explain"); v != "" {
		var err error
		if explain, err = strconv.ParseBool(v); err != nil {
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad explain", fmt.Sprintf("explain %q: want true or false", v))
			return
		}
	}
	classified := map[[2]string][]byte{} // ?explain: each product's classification on each date, once
	if reg := q.Get("regime"); reg != "" && reg != cmp.Or(c.Options().Regime, "enforced") {
		if s.opts.Ledger != nil && s.opts.Commit && !ledger.Commits(reg) {
			problem(w, http.StatusBadRequest, "bad-parameter", "A what-if regime is not committed",
				fmt.Sprintf("regime %q: this server commits every decision, under %s; ask a server without --commit, or run exportcheck check --regime %s", reg, cmp.Or(c.Options().Regime, "enforced"), reg))
			return
		}
		var err error
		if c, err = s.regime(r.Context(), c, reg); err != nil {
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad regime", err.Error())
			return
		}
	}
	if asOf != "" {
		// As check --as-of is checked: a date before any control this
		// tool knows (an ERP's 0001-01-01) is the parameter's error, not
		// one on every order.
		if err := checker.CheckAsOf("as_of", asOf); err != nil {
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad as_of", err.Error())
			return
		}
		if s.opts.Ledger != nil && s.opts.Commit {
			// As check refuses --as-of with --commit: an order judged as of
			// another day would stand in the ledger with that day as its
			// ship date, decided under rules not in force when it ships,
			// and prunable by it.
			problem(w, http.StatusBadRequest, "bad-parameter", "A what-if date is not committed",
				fmt.Sprintf("as_of %s judges every order as of that date, not the day it ships; this server commits each order as decided on its own date: send the orders with their dates, or ask a server without --commit", asOf))
			return
		}
	}
	body, ok := s.read(w, r, s.opts.MaxBody)
	if !ok {
		return
	}
	if len(body) >= countAbove && entriesAbove(body, s.opts.MaxOrders) {
		problem(w, http.StatusRequestEntityTooLarge, "too-many-orders", "Too many orders", fmt.Sprintf("more than %d orders; at most %d in one request: send the orders in batches of %d or fewer", s.opts.MaxOrders, s.opts.MaxOrders, s.opts.MaxOrders))
		return
	}
	entries, err := orders.Request(body)
	if err != nil {
		problem(w, http.StatusBadRequest, "bad-json", "Not an order or {\"orders\": [...]}", err.Error())
		return
	}
	if len(entries) > s.opts.MaxOrders {
		problem(w, http.StatusRequestEntityTooLarge, "too-many-orders", "Too many orders", fmt.Sprintf("%d orders: more than %d orders; at most %d in one request: send the orders in batches of %d or fewer", len(entries), s.opts.MaxOrders, s.opts.MaxOrders, s.opts.MaxOrders))
		return
	}
	lines := make([]checker.Result, 0, len(entries))
	for i, e := range entries {
		o, err := orders.Entry("-", i+1, e)
		if asOf != "" {
			// Judged as of a date the caller asks, released or not (as
			// check --as-of): a what-if.
			o.Date, o.Hypothetical = asOf, true
		}
		lines = append(lines, checker.Result{Order: o, Err: err})
	}
	ctx := r.Context()
	var results []checker.Result
	var committed []byte
	if s.opts.Ledger != nil && s.opts.Commit {
		actor := ""
		if t, ok := ctx.Value(tokenKey{}).(*Token); ok {
			actor = t.Name
		}
		sum := sha256.Sum256(body)
		job := &commitJob{ctx: ctx, c: c, lines: lines, done: make(chan struct{}),
			run: ledger.Run{Started: time.Now(), ToolVersion: s.opts.Version, PolicyRevision: c.Revision(), Content: c.Bundle().Content, RecordsRevision: recordsRevision(c),
				Inputs: s.runInputs(sum[:]), Actor: actor}}
		job.run.Screening, job.run.ScreeningOff = s.runScreening(c)
		s.group.commit(s, job)
		var rc *ledger.RevisionConflict
		switch {
		case errors.As(job.err, &rc):
			s.metrics.revisionConflicts.Inc()
			s.opts.Logger.Error("commit refused: revision conflict", "revision", rc.Revision, "err", job.err)
			problem(w, http.StatusConflict, "revision-conflict", "The ledger holds other policies and data for this revision; nothing was committed",
				revisionConflict(rc)+"; nothing of this request was committed, and no commit of this server will be until it serves that content or a bundle built under a new revision (exportcheck bundle build names its content's hash)")
			return
		case errors.Is(job.err, checker.ErrDrawdown):
			s.ledgerFault(w, r, "The ledger cannot take the commit", "nothing of this request was committed", job.err)
			return
		case errors.Is(job.err, errCheck):
			s.opts.Logger.Error("check failed", "err", job.err)
			problem(w, http.StatusInternalServerError, "check-failed", "The check failed", strings.TrimPrefix(job.err.Error(), errCheck.Error()+": "))
			return
		case len(job.noID) > 0:
			problem(w, http.StatusUnprocessableEntity, "no-order-id", "Orders without an id cannot be committed; nothing was", strings.Join(job.noID, "; "))
			return
		case errors.Is(job.err, ledger.ErrConflict):
			var why []string
			for _, c := range job.stats.Conflicts {
				// The request's orders by their place in it ("order 2"),
				// not the command line's "-:2" (standard input, line 2);
				// the version on record by its ledger row (its own place
				// was in another run's input).
				d := c.DescribeAt(func(_ string, line int, thisRun bool) string {
					if thisRun {
						return fmt.Sprintf("order %d", line)
					}
					return ""
				})
				if c.Repeated { // one order on two lines: no amendment settles it
					why = append(why, d)
					continue
				}
				// The server has no --amend: an amendment is check's.
				why = append(why, d+": the server does not amend a committed order (exportcheck check --commit --amend does)")
			}
			problem(w, http.StatusConflict, "conflict", "Orders that cannot be committed; nothing was committed", strings.Join(why, "; "))
			return
		case job.err != nil:
			s.ledgerFault(w, r, "The ledger cannot take the commit", "nothing of this request was committed", job.err)
			return
		}
		results = job.results
		committed, _ = json.Marshal(map[string]any{"run_id": job.run.ID, "lines": job.stats.Committed, "already": job.stats.Already, "rejudged": job.stats.Rejudged, "chain_head": job.stats.Head})
	} else {
		var err error
		if results, err = judge(ctx, c, lines); errors.Is(err, checker.ErrDrawdown) {
			// The ledger's error names it (a file's path, a
			// database's host and user): the operator's, not the
			// caller's.
			s.ledgerFault(w, r, "The ledger cannot be read", "", err)
			return
		} else if err != nil {
			s.opts.Logger.Error("check failed", "err", err)
			problem(w, http.StatusInternalServerError, "check-failed", "The check failed", err.Error())
			return
		}
	}
	summary := reports.NewSummary()
	bp := responses.Get().(*[]byte)
	b := append((*bp)[:0], `{"results":[`...)
	for i := range results {
		res := &results[i]
		if i > 0 {
			b = append(b, ',')
		}
		if msg, ok := reports.LineMessage(res); ok {
			// The order's place in the request, not the command
			// line's "-:2" (standard input, line 2).
			if ie := res.Err.(*checker.InputError); ie.Hint != "" || len(ie.Also) > 0 {
				msg = s.apiHints(ie).Message()
			}
			res.Err = &orderError{fmt.Sprintf("order %d: %s", res.Order.Line, msg), res.Err}
		}
		b = reports.AppendResult(b, res)
		if explain && res.Err == nil && res.ProductID != "" {
			// The classification arithmetic (TPP, performance density,
			// I/O, the paragraph) under the rules of the line's date.
			k := [2]string{res.ProductID, res.Date}
			cl, ok := classified[k]
			if !ok {
				if x, err := c.Classify(ctx, res.ProductID, res.Date); err == nil {
					cl, _ = json.Marshal(x)
				}
				classified[k] = cl
			}
			if cl != nil {
				b = append(b[:len(b)-1], `,"classification":`...)
				b = append(append(b, cl...), '}')
			}
		}
		summary.Add(res, checker.Review)
		s.metrics.decisions.WithLabelValues(reports.DecisionText(res)).Inc()
	}
	b = append(b, `],"summary":`...)
	b = reports.AppendSummary(b, summary, &reports.Run{FailOn: checker.Review, Regime: cmp.Or(c.Options().Regime, "enforced"), AsOf: asOf})
	if committed != nil {
		b = append(b, `,"committed":`...)
		b = append(b, committed...)
	}
	b = append(b, `,"revision":`...)
	rev, _ := json.Marshal(c.Revision())
	b = append(b, rev...)
	if sc, ok := s.screeningSnapshot(c); ok {
		b = append(append(b, `,"screening":`...), sc...)
	}
	if warn := s.warnings(); len(warn) > 0 {
		ws, _ := json.Marshal(warn)
		b = append(append(b, `,"warnings":`...), ws...)
	}
	b = append(b, "}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
	if cap(b) <= maxPooled {
		*bp = b
		responses.Put(bp)
	}
}

// hint is an order error's hint as an API client reads it: the checker's
// hints that name the command line's ways (`exportcheck products`,
// --as-of) in the API's.
func (s *Server) hint(h string) string {
	switch h {
	case checker.HintProducts:
		return "GET /v1/products lists them"
	case checker.HintNoDate:
		if s.opts.Commit {
			return "give the order's ship date as YYYY-MM-DD"
		}
		return "give the order's ship date as YYYY-MM-DD, or judge every order as of a date with ?as_of="
	}
	return h
}

// apiHints is an order error, and the line's other problems, with the
// API's hints (hint).
func (s *Server) apiHints(ie *checker.InputError) *checker.InputError {
	c := *ie
	c.Hint = s.hint(ie.Hint)
	c.Also = make([]*checker.InputError, len(ie.Also))
	for i, a := range ie.Also {
		c.Also[i] = s.apiHints(a)
	}
	return &c
}

// orderError is a bad order's error as the API words it: its place in
// the request ("order 2: unknown product ..."), the checker's error below.
type orderError struct {
	text string
	err  error
}

func (e *orderError) Error() string { return e.text }
func (e *orderError) Unwrap() error { return e.err }

// recordsRevision is the revision of the records a checker applies ("" for
// none), for the ledger's runs.
func recordsRevision(c *checker.Checker) string {
	if r := c.Options().Records; r != nil {
		return r.Revision
	}
	return ""
}

// responses are the buffers responses are built in, kept for the next
// request (a 1,000-line response is about a megabyte).
var responses = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

const maxPooled = 8 << 20

// products lists the catalog: id, name, vendor, kind and aliases.
func (s *Server) products(w http.ResponseWriter, r *http.Request) {
	if _, ok := params(w, r); !ok {
		return
	}
	type product struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Vendor  string   `json:"vendor"`
		Kind    string   `json:"kind"`
		Aliases []string `json:"aliases"`
	}
	var out []product
	for _, p := range s.current.Load().Catalog().Products() {
		out = append(out, product{p.ID, p.Name, p.Vendor, p.Kind, append([]string{}, p.Aliases...)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"products": out})
}

// date is the ?date= of a request (today, UTC, when absent), or false
// after a problem was written.
func date(w http.ResponseWriter, r *http.Request) (string, bool) {
	q, ok := params(w, r, "date")
	if !ok {
		return "", false
	}
	d := q.Get("date")
	if d == "" {
		return time.Now().UTC().Format(time.DateOnly), true
	}
	if err := checker.DateError(d); err != nil {
		problem(w, http.StatusBadRequest, "bad-parameter", "Bad date", fmt.Sprintf("date %q: %v", d, err))
		return "", false
	}
	return d, true
}

// classification is a product's classification on a date, with the
// arithmetic (TPP, performance density) and the reasons.
func (s *Server) classification(w http.ResponseWriter, r *http.Request) {
	d, ok := date(w, r)
	if !ok {
		return
	}
	c := s.current.Load()
	cl, err := c.Classify(r.Context(), r.PathValue("id"), d)
	if err != nil {
		if errors.Is(err, checker.ErrUnknownProduct) {
			problem(w, http.StatusNotFound, "unknown-product", "Unknown product", err.Error())
			return
		}
		if errors.Is(err, checker.ErrBadDate) {
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad date", err.Error())
			return
		}
		problem(w, http.StatusInternalServerError, "check-failed", "The classification failed", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"classification": cl, "revision": c.Revision()})
}

// country is what the policy knows of a country on a date.
func (s *Server) country(w http.ResponseWriter, r *http.Request) {
	d, ok := date(w, r)
	if !ok {
		return
	}
	c := s.current.Load()
	f, err := c.Country(r.Context(), r.PathValue("code"), d)
	if err != nil {
		if errors.Is(err, checker.ErrUnknownCountry) {
			problem(w, http.StatusNotFound, "unknown-country", "Unknown country", err.Error())
			return
		}
		if errors.Is(err, checker.ErrBadDate) {
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad date", err.Error())
			return
		}
		problem(w, http.StatusInternalServerError, "check-failed", "The look-up failed", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"country": f, "revision": c.Revision()})
}

// screen screens a name on a date: the list entries at or above the
// policy's review threshold, and facts about the name.
func (s *Server) screen(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
		Date string `json:"date"`
	}
	if !s.body(w, r, &req, `Want {"name": "...", "date": "YYYY-MM-DD"}`) {
		return
	}
	if strings.TrimSpace(req.Name) == "" {
		problem(w, http.StatusBadRequest, "bad-json", `Want {"name": "...", "date": "YYYY-MM-DD"}`, "no name")
		return
	}
	if req.Date == "" {
		req.Date = time.Now().UTC().Format(time.DateOnly)
	} else if err := checker.DateError(req.Date); err != nil {
		problem(w, http.StatusBadRequest, "bad-json", "Bad date", fmt.Sprintf("date %q: %v", req.Date, err))
		return
	}
	c := s.current.Load()
	hits, flags, ok, err := c.ScreenName(r.Context(), req.Name, req.Date)
	if err != nil {
		problem(w, http.StatusInternalServerError, "check-failed", "The screening failed", err.Error())
		return
	}
	if !ok {
		problem(w, http.StatusConflict, "screening-off", "Screening is off", screeningOff)
		return
	}
	if hits == nil {
		hits = []*checker.ScreeningFact{}
	}
	if flags == nil {
		flags = []checker.NameFlag{}
	}
	out := map[string]any{"name": req.Name, "date": req.Date, "candidates": hits, "name_flags": flags}
	// No candidate reads as clean: what the name was screened against,
	// and a demonstration or stale list, are said as /v1/check says them.
	if sc, ok := s.screeningSnapshot(c); ok {
		out["screening"] = sc
	}
	if warn := s.warnings(); len(warn) > 0 {
		out["warnings"] = warn
	}
	writeJSON(w, http.StatusOK, out)
}

// warnings are what every check and screen response says (Options.Warnings).
func (s *Server) warnings() []string {
	if s.opts.Warnings == nil {
		return nil
	}
	return s.opts.Warnings()
}

// screeningSnapshot is the lists the server screens against, as check's
// JSON output records them ("screening": path, SHA-256, entries, newest
// entry); none when the server was not told them or screens against none.
func (s *Server) screeningSnapshot(c *checker.Checker) (json.RawMessage, bool) {
	if c.Options().Screener == nil || len(s.lists) == 0 {
		return nil, false
	}
	return s.lists, true
}

// runScreening is what a run of the server's records it screened
// against (ledger.Run): the lists, or screening off when the checker
// screens against none.
func (s *Server) runScreening(c *checker.Checker) ([]reports.Snapshot, bool) {
	if c.Options().Screener == nil {
		return nil, true
	}
	return s.opts.Lists, false
}

// screeningOff is why a server screening against no list screens no
// name, as the API and the review desk's look-up say it: true of a flag
// (--screening-list none), the configuration's screening.lists and a
// library's checker without a Screener alike.
const screeningOff = "this server screens end users against no restricted-party list (its configuration turns screening off), so no name can be screened here"

// decisions pages through the ledger's decision log.
func (s *Server) decisions(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ledger == nil {
		problem(w, http.StatusConflict, "no-ledger", "No ledger", "the server was started without --ledger")
		return
	}
	q, ok := params(w, r, "order", "end_user", "licence", "since", "after", "limit")
	if !ok {
		return
	}
	// end_user finds part of the name in any case, as ledger query
	// --end-user and the review desk do (before, only the whole name did:
	// "Atlas Sanatgaran" found nothing of "Atlas Sanatgaran GmbH").
	f := ledger.Filter{OrderID: q.Get("order"), EndUserPart: q.Get("end_user"), Licence: q.Get("licence"), Since: q.Get("since"), Limit: 100}
	if q.Has("end_user") {
		if err := ledger.EndUserPartError(f.EndUserPart); err != nil { // blank: not every row
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad end_user", fmt.Sprintf("end_user %q: %v", f.EndUserPart, err))
			return
		}
	}
	for k, dst := range map[string]any{"after": &f.After, "limit": &f.Limit} {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || (k == "limit" && (n == 0 || n > 1000)) {
				want := "want a whole number, 0 or more (a page's next)"
				if k == "limit" {
					want = "want a whole number from 1 to 1000"
				}
				problem(w, http.StatusBadRequest, "bad-parameter", "Bad "+k, fmt.Sprintf("%s %q: %s", k, v, want))
				return
			}
			switch d := dst.(type) {
			case *int64:
				*d = n
			case *int:
				*d = int(n)
			}
		}
	}
	if f.Since != "" {
		if err := checker.DateError(f.Since); err != nil {
			problem(w, http.StatusBadRequest, "bad-parameter", "Bad since", fmt.Sprintf("since %q: %v", f.Since, err))
			return
		}
	}
	rows := []map[string]any{}
	var last int64
	for row, err := range s.opts.Ledger.Query(r.Context(), f) {
		if err != nil {
			s.ledgerFault(w, r, "The ledger cannot be read", "", err)
			return
		}
		rows = append(rows, row.Map())
		last = row.Seq
	}
	out := map[string]any{"decisions": rows, "next": nil}
	if len(rows) == f.Limit {
		out["next"] = last // ?after=next for the next page
	}
	writeJSON(w, http.StatusOK, out)
}

// ledgerFault answers 503 for a ledger that failed, and logs why: the
// answer names neither the ledger (a file's path, a database's host and
// user) nor the driver's error, which are the operator's.
func (s *Server) ledgerFault(w http.ResponseWriter, r *http.Request, title, done string, err error) {
	actor := ""
	if t, ok := r.Context().Value(tokenKey{}).(*Token); ok {
		actor = t.Name
	}
	s.opts.Logger.Error("ledger unavailable", "method", r.Method, "path", r.URL.Path, "token", actor, "err", err)
	slug, detail := "ledger-unavailable", "the ledger could not be reached, was locked too long, or refused the work; try again (the server's log says why)"
	var gone *ledger.SchemaGone
	var changed *ledger.DrawsChanged
	switch {
	case errors.As(err, &gone):
		// Not for the client to retry: the operator must bring it back.
		slug, detail = "ledger-schema-gone", fmt.Sprintf("the ledger's schema %q is gone from database %q (dropped while the server ran): nothing can be read from the ledger or committed to it until the operator restores it", gone.Schema, gone.Database)
	case errors.As(err, &changed):
		// Nor this: the draws were changed other than by a commit. The
		// order and the record are the operator's (the log has them).
		slug, title = "ledger-draws-changed", title+": its draws do not match its decision log"
		detail = "the ledger's draws table, from which what remains on the licences is counted, does not say what its decision log's standing versions draw (it was changed other than by a commit): no line a licence could cover is judged, and nothing committed, against draws that cannot be trusted, until the operator runs exportcheck ledger verify and finds out what changed (the server's log names the order and the record)"
	}
	if done != "" {
		detail = done + ": " + detail
	}
	problem(w, http.StatusServiceUnavailable, slug, title, detail)
}

// revisionConflict says, for a client, what the ledger keeps for the
// revision served (the error's own text names the ledger: the operator's).
func revisionConflict(rc *ledger.RevisionConflict) string {
	return fmt.Sprintf("revision %s committed decisions made with other policies and data (SHA-256 %s, first committed %s) than this server serves under it (SHA-256 %s): every decision names only the revision, so the ledger takes no other content under it",
		rc.Revision, rc.Known, rc.FirstSeen, rc.Content)
}

// ReadyTimeout bounds /readyz's look at the ledger: a probe waits
// seconds, not the ledger's own timeouts.
const ReadyTimeout = 2 * time.Second

// MaxMatrixCells bounds a POST /v1/matrix.
const MaxMatrixCells = 20_000

// matrix is the license-determination matrix for products × destinations
// on a date, or on two (before and after), as exportcheck matrix
// --format json writes it.
func (s *Server) matrix(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Products     []string `json:"products"`
		Destinations []string `json:"destinations"`
		Date         string   `json:"date"`
		Before       string   `json:"before"`
		After        string   `json:"after"`
		ChangesOnly  bool     `json:"changes_only"`
	}
	if !s.body(w, r, &req, `Want {"products": [...], "destinations": [...], "date"} or "before" and "after"`) {
		return
	}
	opts := review.MatrixOptions{Products: req.Products, Destinations: req.Destinations, ChangesOnly: req.ChangesOnly}
	switch {
	case req.Date != "" && req.Before == "" && req.After == "":
		opts.Dates = []string{req.Date}
	case req.Date == "" && req.Before != "" && req.After != "":
		opts.Dates = []string{req.Before, req.After}
	default:
		problem(w, http.StatusBadRequest, "bad-json", "Want a date, or before and after", `give "date", or "before" and "after"`)
		return
	}
	if req.ChangesOnly && len(opts.Dates) != 2 {
		// BuildMatrix's error names matrix's flags, and answered a 500.
		problem(w, http.StatusBadRequest, "bad-json", "Changes need two dates", `changes_only: only the cells that changed between two dates: give "before" and "after", not "date"`)
		return
	}
	for _, d := range opts.Dates {
		if err := checker.DateError(d); err != nil {
			problem(w, http.StatusBadRequest, "bad-json", "Bad date", fmt.Sprintf("%q: %v", d, err))
			return
		}
	}
	c := s.current.Load()
	if n := max(len(opts.Products), 1) * max(len(opts.Destinations), 1); (len(opts.Products) == 0 || len(opts.Destinations) == 0) || n > MaxMatrixCells {
		problem(w, http.StatusRequestEntityTooLarge, "too-many-cells", "Too large a matrix", fmt.Sprintf("name the products and the destinations (or groups such as D:5); at most %d cells", MaxMatrixCells))
		return
	}
	m, err := review.BuildMatrix(r.Context(), c, opts)
	if err != nil {
		var ie *checker.InputError
		if errors.Is(err, checker.ErrUnknownProduct) || errors.Is(err, checker.ErrUnknownCountry) || errors.As(err, &ie) || errors.Is(err, checker.ErrBadInput) {
			problem(w, http.StatusBadRequest, "bad-json", "Cannot build the matrix", err.Error())
			return
		}
		problem(w, http.StatusInternalServerError, "check-failed", "The matrix failed", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := review.WriteMatrix(w, "json", m); err != nil {
		s.opts.Logger.Error("writing a matrix", "err", err)
	}
}

type regimeChecker struct {
	once sync.Once
	c    *checker.Checker
	err  error
}

// regimeSet are the checkers made from base for other regimes, each once.
type regimeSet struct {
	base *checker.Checker
	m    sync.Map // regime -> *regimeChecker
}

// regime is the checker for a regime made from base: once while base
// serves.
func (s *Server) regime(ctx context.Context, base *checker.Checker, regime string) (*checker.Checker, error) {
	regimes, _ := base.Catalog().Data()["regimes"].(map[string]any)
	if _, ok := regimes[regime]; !ok || s.opts.Regime == nil {
		known := slices.Sorted(maps.Keys(regimes))
		if s.opts.Regime == nil {
			known = []string{cmp.Or(base.Options().Regime, "enforced")}
		}
		return nil, fmt.Errorf("regime %q: this server judges under %s", regime, strings.Join(known, ", "))
	}
	set := s.regimes.Load()
	if set.base != base {
		// A request that took the checker a reload has since replaced:
		// its regime's checker is made for it alone, never kept where a
		// request to the checker serving now would find it (the two may
		// name one revision, and records revision, over other content).
		set = &regimeSet{base: base}
	}
	v, _ := set.m.LoadOrStore(regime, &regimeChecker{})
	rc := v.(*regimeChecker)
	rc.once.Do(func() { rc.c, rc.err = s.opts.Regime(context.WithoutCancel(ctx), base, regime) })
	return rc.c, rc.err
}

// runInputs are the inputs a committed run names: the request's hash and
// Options.Inputs.
func (s *Server) runInputs(sum []byte) map[string]string {
	in := make(map[string]string, len(s.opts.Inputs)+1)
	for k, v := range s.opts.Inputs {
		in[k] = v
	}
	in["request"] = hex.EncodeToString(sum)
	return in
}

// body reads a request's body, one JSON object of v's fields, each once,
// into v; false after a problem was written (title, when it is not such an
// object). The body is bounded as /v1/check's is, and takes no query.
func (s *Server) body(w http.ResponseWriter, r *http.Request, v any, title string) bool {
	if _, ok := params(w, r); !ok {
		return false
	}
	b, ok := s.read(w, r, min(s.opts.MaxBody, MaxSmallBody))
	if !ok {
		return false
	}
	if err := strictJSON(b, v); err != nil {
		problem(w, http.StatusBadRequest, "bad-json", title, err.Error())
		return false
	}
	return true
}

// MaxSmallBody bounds the body of a request that is not a book of orders
// (/v1/screen, /v1/matrix: a matrix's 20,000 cells name far fewer bytes):
// decoded, a body of short strings takes many times its size.
const MaxSmallBody = 1 << 20

// read reads a request's body, at most limit bytes; false after a
// problem was written.
func (s *Server) read(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		problem(w, http.StatusRequestEntityTooLarge, "too-large", "Request body too large", fmt.Sprintf("the body is larger than %d bytes", limit))
		return nil, false
	case err != nil:
		// The error names the connection's addresses (the server's, or
		// a proxy's inside the network): said in the request's terms,
		// and logged.
		s.opts.Logger.Warn("reading a request's body", "method", r.Method, "path", r.URL.Path, "err", err)
		detail := "the body was cut off (the connection closed, or the body is shorter than its Content-Length)"
		if errors.Is(err, os.ErrDeadlineExceeded) {
			detail = "the body did not arrive in the time the server waits for a request"
		}
		problem(w, http.StatusBadRequest, "bad-request", "Cannot read the request", detail)
		return nil, false
	}
	return b, true
}

// strictJSON decodes b, one JSON object and nothing after it, into v:
// a field v does not have, or one given twice, is an error, and so is a
// value of the wrong type, said in the request's terms. A key is a field
// only as the field is spelt: encoding/json would also take "Name" for
// "name", the last of the two winning, so that {"name": "A", "Name": "B"}
// would screen B while a reader of the request sees A.
func strictJSON(b []byte, v any) error {
	if !json.Valid(b) {
		err := json.Unmarshal(b, new(json.RawMessage))
		return fmt.Errorf("the body is not JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, _ := dec.Token(); tok != json.Delim('{') {
		return errors.New("the body is not a JSON object")
	}
	var fields []string
	t := reflect.TypeOf(v).Elem()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			fields = append(fields, name)
		}
	}
	seen := map[string]bool{}
	for dec.More() {
		k, _ := dec.Token()
		name, _ := k.(string)
		if !slices.Contains(fields, name) {
			return fmt.Errorf("unknown field %q (%s)", name, strings.Join(fields, ", "))
		}
		if seen[name] {
			return fmt.Errorf("%q is given twice", name)
		}
		seen[name] = true
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	dec = json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return fmt.Errorf("%q: want %s, not %s", te.Field, jsonKind(te.Type), te.Value)
	case err != nil:
		return errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// jsonKind names a Go type as the JSON it is read from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(jsonKind(t.Elem()), "a ") + "s"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return "an object"
}

// params is a request's query: parameters among known, each given once;
// false after a problem was written. A query that does not parse whole
// (net/url drops a pair with a ";", and r.URL.Query with it) is refused:
// a parameter silently dropped would judge under other rules than asked.
func params(w http.ResponseWriter, r *http.Request, known ...string) (url.Values, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		problem(w, http.StatusBadRequest, "bad-parameter", "Bad query", fmt.Sprintf("the query %q cannot be read whole: %v", r.URL.RawQuery, err))
		return nil, false
	}
	for k, vs := range q {
		switch {
		case !slices.Contains(known, k):
			what := "none"
			if len(known) > 0 {
				what = strings.Join(known, ", ")
			}
			problem(w, http.StatusBadRequest, "bad-parameter", "Unknown query parameter", fmt.Sprintf("%q is not a parameter of %s (%s)", k, r.URL.Path, what))
			return nil, false
		case len(vs) > 1:
			problem(w, http.StatusBadRequest, "bad-parameter", "A parameter given twice", fmt.Sprintf("%q is given %d times", k, len(vs)))
			return nil, false
		}
	}
	return q, true
}

// ProblemBase is where a problem's type is documented; a problem's type is
// ProblemBase + a stable slug (RFC 9457).
const ProblemBase = "https://github.com/exportcheck/exportcheck/blob/main/docs/serve.md#"

// problem writes an RFC 9457 problem details object.
func problem(w http.ResponseWriter, status int, slug, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"type": ProblemBase + slug, "title": title, "status": status, "detail": detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // "<" in a message stays "<"
	enc.Encode(v)
}

// metrics are the server's Prometheus metrics.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	decisions  *prometheus.CounterVec
	info       *prometheus.GaugeVec
	reloads    *prometheus.CounterVec
	lastReload prometheus.Gauge

	revisionConflicts prometheus.Counter

	tokenReloads *prometheus.CounterVec
	lastTokens   prometheus.Gauge

	mu               sync.Mutex // the checker swapped and the counts retired at once
	retiredEvaluated int64
	retiredHits      int64
}

func newMetrics(s *Server, version string) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "exportcheck_http_requests_total", Help: "HTTP requests by route and status code."}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "exportcheck_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route"})
	m.decisions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "exportcheck_decisions_total", Help: "Order lines judged, by decision (error: could not be judged)."}, []string{"decision"})
	m.info = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "exportcheck_policy_info", Help: "The policy and data revision being served, and the tool version (value 1)."}, []string{"revision", "version"})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "exportcheck_bundle_reloads_total", Help: "Bundle reloads by result (success, failure)."}, []string{"result"})
	m.lastReload = prometheus.NewGauge(prometheus.GaugeOpts{Name: "exportcheck_bundle_last_reload_timestamp_seconds", Help: "When the bundle was last reloaded or tried (Unix time)."})
	m.revisionConflicts = prometheus.NewCounter(prometheus.CounterOpts{Name: "exportcheck_revision_conflicts_total",
		Help: "Committing requests and desk records the ledger refused (409 revision-conflict): it keeps other policies and data for the revision served, committed first by another server."})
	m.tokenReloads = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "exportcheck_tokens_reloads_total", Help: "Tokens file reloads (SIGHUP) by result (success, failure: the tokens in use stay)."}, []string{"result"})
	m.lastTokens = prometheus.NewGauge(prometheus.GaugeOpts{Name: "exportcheck_tokens_last_reload_timestamp_seconds", Help: "When the tokens file was last read again or tried (Unix time)."})
	// Counted by the checkers: the one serving now, and those it replaced
	// (as they stood when replaced), so that the counters never go down.
	count := func(f func(*checker.Checker) int64, retired *int64) func() float64 {
		return func() float64 {
			m.mu.Lock()
			defer m.mu.Unlock()
			return float64(*retired + f(s.current.Load()))
		}
	}
	evaluated := func(c *checker.Checker) int64 { return c.Evaluated() }
	hits := func(c *checker.Checker) int64 { return c.Decided() - c.Evaluated() }
	m.reg.MustRegister(m.requests, m.latency, m.decisions, m.info, m.reloads, m.lastReload, m.revisionConflicts, m.tokenReloads, m.lastTokens,
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportcheck_rego_evaluations_total", Help: "Decision keys evaluated through Rego (decision-key cache misses; every line with the cache off)."},
			count(evaluated, &m.retiredEvaluated)),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportcheck_decision_cache_misses_total", Help: "Order lines whose decision key was not in the cache: evaluated through Rego."},
			count(evaluated, &m.retiredEvaluated)),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exportcheck_decision_cache_hits_total", Help: "Order lines answered from the decision-key cache, without an evaluation of their own."},
			count(hits, &m.retiredHits)),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if built := s.opts.BundleBuilt; built != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exportcheck_bundle_age_seconds",
			Help: "How old the bundle serving is: since it was built (no value when its manifest gives no time)."},
			func() float64 {
				t := built()
				if t.IsZero() {
					return math.NaN()
				}
				return time.Since(t).Seconds()
			}))
	}
	// Each list by its file's name: /metrics needs no token, and the path
	// a list was read from can name a home directory or a user. Two lists
	// of one name are told apart by a number, in the order of their paths.
	named := map[string]int{}
	for _, list := range slices.Sorted(maps.Keys(s.opts.ScreeningDates)) {
		since := s.opts.ScreeningDates[list]
		label := path.Base(filepath.ToSlash(list))
		if named[label]++; named[label] > 1 {
			label = fmt.Sprintf("%s (%d)", label, named[label])
		}
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exportcheck_screening_list_age_seconds",
			Help:        "How old each screening list is: since its download, or since its newest entry when the download time is unknown.",
			ConstLabels: prometheus.Labels{"list": label}},
			func() float64 { return time.Since(since).Seconds() }))
	}
	return m
}

// retire keeps what the checker being replaced counted.
func (m *metrics) retire(old *checker.Checker) {
	m.retiredEvaluated += old.Evaluated()
	m.retiredHits += old.Decided() - old.Evaluated()
}

func (m *metrics) setRevision(rev, version string) {
	m.info.Reset()
	m.info.WithLabelValues(rev, version).Set(1)
}

// countAbove is the size of a body from which /v1/check counts the entries
// of its "orders" before it splits them: every entry costs a slice header
// (24 bytes) or more, so a body of short entries ("0,", "{},") is read
// into some 40 times its size.
const countAbove = 1 << 20

// entriesAbove reports whether b, a request body, is {"orders": [...]}
// with more than limit entries, counted over its bytes (a body that is not
// JSON is for orders.Request to refuse).
func entriesAbove(b []byte, limit int) bool {
	depth, n := 0, 0
	inOrders := false // in the top level's "orders" array
	keyStart, keyEnd := -1, -1
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			start := i
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if depth == 1 {
				keyStart, keyEnd = start, min(i+1, len(b))
			}
		case '{', '[':
			depth++
			if depth == 2 && c == '[' && keyStart >= 0 {
				var key string
				inOrders = json.Unmarshal(b[keyStart:keyEnd], &key) == nil && key == "orders"
				if inOrders {
					j := i + 1
					for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
						j++
					}
					if j < len(b) && b[j] != ']' {
						n = 1
					}
				}
			}
		case '}', ']':
			if depth == 2 {
				inOrders = false
			}
			depth--
		case ',':
			if depth == 2 && inOrders {
				if n++; n > limit {
					return true
				}
			}
		}
	}
	return n > limit
}
