package serve

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
)

// The review desk: pages, served under /desk/, where a person with the
// review role works the lines the ledger holds that need one (prohibited,
// license_required, exception, review). Server-rendered HTML, no script, embedded
// (it works offline); signed in with a token from the tokens file, kept in
// a session cookie (HttpOnly, SameSite=Strict); forms are protected
// against cross-site requests (http.CrossOriginProtection and a token per
// session); a strict Content-Security-Policy on every page.

//go:embed desk/*.html desk/desk.css
var deskFiles embed.FS

var deskPages = template.Must(template.New("desk").Funcs(template.FuncMap{"decisionText": decisionText, "rowKind": kindWords, "num": num, "humanDate": humanDate, "deref": func(p *float64) float64 { return *p }, "words": keepWords}).ParseFS(deskFiles, "desk/*.html"))

// DeskPageSize is how many lines a queue page shows.
const DeskPageSize = 100

// deskSessionTTL is how long a desk session lasts after sign-in.
const deskSessionTTL = 8 * time.Hour

const deskCookie = "exportcheck_desk"

// deskCSP allows nothing but the desk's own stylesheet and forms posting to
// the desk itself: no script, no frames, no other origin.
const deskCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// openDecisions are the decisions that wait for a person, most severe first.
// A prohibited line is one: a Denied Persons or SDN match may be a false
// positive only a reviewer can clear, and an order to an embargoed
// destination is for compliance to look into, not to lose from sight.
var openDecisions = []string{"prohibited", "license_required", "exception", "review"}

type deskSession struct {
	name    string
	hash    [32]byte // the token's SHA-256: the session ends when the tokens file no longer holds it
	roles   []string
	csrf    string
	expires time.Time
	since   time.Time // signed in
	// kept is the record this session made last, and how many lines it
	// judged again: the line's page that follows says so. It is the
	// session's, not the address's, so that a link cannot make a page
	// announce a record its reader did not make. d.mu guards it.
	kept     int64
	rejudged int
}

// deskSessionsPerToken is how many sessions one token keeps: signing in
// again past it ends the oldest, so that sessions signed in over and over
// do not pile up until they expire.
const deskSessionsPerToken = 16

// prune drops expired sessions, and the oldest of token's past
// deskSessionsPerToken-1, before it signs in again. d.mu is held.
func (d *desk) prune(token string, now time.Time) {
	var mine []string
	for id, s := range d.sessions {
		switch {
		case now.After(s.expires):
			delete(d.sessions, id)
		case s.name == token:
			mine = append(mine, id)
		}
	}
	slices.SortFunc(mine, func(a, b string) int { return d.sessions[a].since.Compare(d.sessions[b].since) })
	for len(mine) >= deskSessionsPerToken {
		delete(d.sessions, mine[0])
		mine = mine[1:]
	}
}

type desk struct {
	s        *Server
	mu       sync.Mutex
	sessions map[string]*deskSession
	local    *deskSession // the user when the server has no tokens (loopback only)
	cop      *http.CrossOriginProtection
}

func newDesk(s *Server) *desk {
	d := &desk{s: s, sessions: map[string]*deskSession{}, cop: http.NewCrossOriginProtection()}
	d.local = &deskSession{name: "local", roles: []string{RoleCheck, RoleReview, RoleAdmin}, csrf: randomHex()}
	return d
}

func randomHex() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// routes registers the desk's pages.
func (d *desk) routes() {
	d.handle("GET /desk/{$}", d.queue)
	d.s.mux.Handle("GET /desk", http.RedirectHandler("/desk/", http.StatusMovedPermanently)) // a typed address
	d.handle("GET /desk/lines/{seq}", d.line)
	d.handle("GET /desk/licences", d.licences)
	d.handle("GET /desk/lookup", d.lookup)
	d.handle("GET /desk/login", d.loginPage)
	d.handle("POST /desk/login", d.login)
	d.handle("POST /desk/logout", d.logout)
	d.handle("POST /desk/lines/{seq}/clearance", d.clearance)
	d.handle("POST /desk/lines/{seq}/assignment", d.assignment)
	d.handle("POST /desk/lines/{seq}/withdrawal", d.withdrawal)
	d.handle("GET /desk/records/{seq}", d.recordFile)
	d.s.mux.HandleFunc("GET /desk/desk.css", func(w http.ResponseWriter, _ *http.Request) {
		b, _ := deskFiles.ReadFile("desk/desk.css")
		w.Header().Set("Content-Type", "text/css; charset=utf-8") // nosniff: ServeHTTP's, as every answer's
		w.Header().Set("Cache-Control", "max-age=3600")
		w.Write(b)
	})
}

// handle registers a desk page: counted and timed like the API's routes,
// with the desk's headers, and cross-origin POSTs refused.
func (d *desk) handle(pattern string, h http.HandlerFunc) {
	var inner http.Handler = h
	if strings.HasPrefix(pattern, "POST ") {
		inner = d.cop.Handler(h)
	}
	d.s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			d.s.metrics.requests.WithLabelValues(pattern, strconv.Itoa(sw.status)).Inc()
			d.s.metrics.latency.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
		}()
		hd := sw.Header()
		hd.Set("Content-Security-Policy", deskCSP) // and nosniff, set for every answer by ServeHTTP
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		// A signed-in reviewer's pages count against the token's --rate,
		// as its API requests do (signing in does not: a token is known
		// only once it is).
		if u := d.user(r); u != nil && !d.s.allow(u.name) {
			hd.Set("Retry-After", "1")
			d.message(sw, u, http.StatusTooManyRequests, "Too many requests", fmt.Sprintf("Token %s may make at most %g requests a second; wait a moment and try again.", u.name, d.s.opts.Rate), "", "")
			return
		}
		inner.ServeHTTP(sw, r)
	})
}

// user is the signed-in user of a request, or nil.
func (d *desk) user(r *http.Request) *deskSession {
	if d.s.opts.Tokens == nil {
		return d.local
	}
	c, err := r.Cookie(deskCookie)
	if err != nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.sessions[c.Value]
	if u == nil {
		return nil
	}
	// The token signed in with must still be one the server accepts,
	// with the same name and roles (the tokens file may have been read
	// again without it, or with other roles: then sign in again).
	t := d.s.tokens.Load().byHash[u.hash]
	if time.Now().After(u.expires) || t == nil || t.Name != u.name || !slices.Equal(t.Roles, u.roles) {
		delete(d.sessions, c.Value)
		return nil
	}
	return u
}

// reviewer is the signed-in user with the review role; otherwise it
// answers (a redirect to sign in, or 403) and returns nil.
func (d *desk) reviewer(w http.ResponseWriter, r *http.Request) *deskSession {
	u := d.user(r)
	if u == nil {
		http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
		return nil
	}
	if !hasRole(&Token{Roles: u.roles}, RoleReview) {
		d.message(w, u, http.StatusForbidden, "Not allowed", "Your token ("+u.name+") does not have the review role: the desk is for reviewers.", "", "")
		return nil
	}
	return u
}

// page is what every page's layout reads.
type page struct {
	Title, User, CSRF string
	Screening         screeningNote
}

// screeningNote is what every desk page says of the screening the server
// does: the lists it screens against, or that it screens against none,
// and a demonstration list's warning (listed parties can pass).
type screeningNote struct {
	Off   bool     // the server screens against no list
	Lists []string // each list, its entries and its date, for people; none when Options.Lists names none (library use): the page says they are not known
	Demo  string   // the demonstration excerpt's warning, "" for none
}

// DemoList is how a server's clients are told the embedded demonstration
// excerpt was chosen (reports.DemoWarning): the operator's flag is not
// theirs.
const DemoList = "the server's screening list demo"

// NoList is how a server's clients are told screening was turned off
// (reports.ScreeningOffWarning), as DemoList words the demonstration list.
const NoList = "the server's screening list none"

// screeningNote describes the screening of the checker serving now.
func (d *desk) screeningNote() screeningNote {
	if d.s.current.Load().Options().Screener == nil {
		return screeningNote{Off: true}
	}
	var n screeningNote
	now := time.Now()
	for _, sn := range d.s.opts.Lists {
		n.Lists = append(n.Lists, listText(sn, now))
		if sn.Demo {
			n.Demo = reports.DemoWarning(sn.Rows, DemoList)
		}
	}
	return n
}

// listText names a screening list for people, with its entries and its
// date and age: its download's, else its newest entry's.
func listText(sn reports.Snapshot, now time.Time) string {
	name := sn.Path
	if sn.Demo {
		name = "the embedded DEMONSTRATION excerpt (" + sn.Path + ")"
	}
	text := name + ": " + records.Amount(float64(sn.Rows)) + " " + prose.Agree(sn.Rows, "entry", "entries")
	if t, err := time.Parse(time.RFC3339, sn.Downloaded); err == nil {
		return text + ", downloaded " + humanDate(sn.Downloaded) + " (" + ago(now.Sub(t)) + ")"
	}
	if t, err := time.Parse(time.DateOnly, sn.Newest); err == nil {
		return text + ", newest entry " + humanDate(sn.Newest) + " (" + ago(now.Sub(t)) + "; when it was downloaded is not known)"
	}
	return text + ", undated (no download time is known and no entry has a start date)"
}

// keepWords is s for a table cell that wraps at its spaces alone: each
// word with a hyphen (a licence number, a date, a product id) is kept on
// one line, which the browser would otherwise break after a hyphen
// ("2030-" above "01-12").
func keepWords(s string) template.HTML {
	var b strings.Builder
	for i, w := range strings.Split(s, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		if strings.Contains(w, "-") {
			b.WriteString(`<span class="word">` + template.HTMLEscapeString(w) + `</span>`)
		} else {
			b.WriteString(template.HTMLEscapeString(w))
		}
	}
	return template.HTML(b.String())
}

// ago is an age as people read it: "today", "3 hours ago", "12 days ago".
func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "in the future"
	case d < time.Hour:
		return "within the hour"
	case d < 48*time.Hour:
		return prose.Count(int(d.Hours()), "hour") + " ago"
	}
	return prose.Count(int(d.Hours()/24), "day") + " ago"
}

// page is the layout's part for a signed-in user: who (none without
// tokens: there is no signing in or out) and the session's form token.
func (d *desk) page(u *deskSession, title string) page {
	p := page{Title: title, CSRF: u.csrf, Screening: d.screeningNote()}
	if d.s.opts.Tokens != nil {
		p.User = u.name
	}
	return p
}

// anonymous is the layout's part for a page of no signed-in user.
func (d *desk) anonymous(title string) page {
	return page{Title: title, Screening: d.screeningNote()}
}

func (d *desk) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	if err := deskPages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "rendering the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

// ledgerFault is the page for a ledger that could not be read; why is
// logged, not shown (the ledger's path, a database's host and user are
// the operator's), as the API's ledgerFault. A PostgreSQL schema dropped
// while the server runs is a page of its own: trying again does not help.
func (d *desk) ledgerFault(w http.ResponseWriter, r *http.Request, u *deskSession, err error) {
	name := ""
	if u != nil {
		name = u.name
	}
	d.s.opts.Logger.Error("ledger unavailable", "method", r.Method, "path", r.URL.Path, "token", name, "err", err)
	if gone := (*ledger.SchemaGone)(nil); errors.As(err, &gone) {
		d.schemaGone(w, r, u, gone)
		return
	}
	d.message(w, u, http.StatusServiceUnavailable, "The ledger cannot be read",
		"The ledger could not be reached, was locked too long, or refused the work; try again (the server's log says why).", "", "")
}

// schemaGone is the page for a PostgreSQL ledger whose schema was dropped
// while the server ran (ledger-schema-gone in the API): it names the
// schema and the database, as the API does, not the host or the user.
func (d *desk) schemaGone(w http.ResponseWriter, r *http.Request, u *deskSession, gone *ledger.SchemaGone) {
	what := fmt.Sprintf("The ledger's tables are gone: its schema %q is no longer in database %q (it was dropped while the server ran). The desk can neither show the decisions nor keep a reviewer's record until it is back.", gone.Schema, gone.Database)
	if r.Method == http.MethodPost {
		what = "Nothing was kept. " + what
	}
	d.explain(w, u, http.StatusServiceUnavailable, "The ledger is gone from its database", what,
		"Trying again will not help. Tell the server's operator: the schema must be restored from a backup, which holds the decision log (exportcheck ledger migrate would make a new, empty one). Then come back to the queue.",
		"/desk/", "Back to the queue")
}

// revisionConflict is the page for a record the ledger refused because it
// keeps other policies and data under the policy revision this server
// serves (revision-conflict in the API): for good, until the server
// serves other content. The line stands as it was.
func (d *desk) revisionConflict(w http.ResponseWriter, u *deskSession, row *ledger.Row, kind string, rc *ledger.RevisionConflict) {
	d.s.metrics.revisionConflicts.Inc()
	d.explain(w, u, http.StatusConflict, "Not kept: the ledger holds other policies under this revision",
		fmt.Sprintf("The %s was not kept, and order %s stands as it was. The ledger already holds decisions made under policy revision %s with other policies and data than this server serves under that name (first committed %s; the ledger's SHA-256 %s, this server's %s). Each decision names only its revision, so the ledger takes nothing more under it: an auditor could not tell which policies made it.",
			kind, row.OrderID, rc.Revision, humanDate(rc.FirstSeen), rc.Known, rc.Content),
		"Trying again will not help, and no record can be kept at this desk, nor any check committed by this server, until it changes. Tell the server's operator: serve the policies and data that committed under revision "+rc.Revision+", or a bundle built under a new revision (exportcheck bundle build names it by its content's hash).",
		"/desk/lines/"+strconv.FormatInt(row.Seq, 10), "Back to the line")
}

func (d *desk) message(w http.ResponseWriter, u *deskSession, status int, title, msg, back, backText string) {
	d.explain(w, u, status, title, msg, "", back, backText)
}

// explain is a message page: what happened, and what to do (when there is
// something to say).
func (d *desk) explain(w http.ResponseWriter, u *deskSession, status int, title, msg, todo, back, backText string) {
	p := d.anonymous(title)
	if u != nil {
		p = d.page(u, title)
	}
	d.render(w, status, "message.html", struct {
		page
		Message, Do, Back, BackText string
	}{p, msg, todo, back, backText})
}

func (d *desk) loginPage(w http.ResponseWriter, r *http.Request) {
	if d.s.opts.Tokens == nil || d.user(r) != nil {
		http.Redirect(w, r, "/desk/", http.StatusSeeOther)
		return
	}
	d.render(w, http.StatusOK, "login.html", struct {
		page
		Error string
	}{page: d.anonymous("Sign in")})
}

func (d *desk) login(w http.ResponseWriter, r *http.Request) {
	if d.s.opts.Tokens == nil {
		http.Redirect(w, r, "/desk/", http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	tok := strings.TrimSpace(r.PostFormValue("token"))
	t := d.s.tokens.Load().lookup(tok)
	fail := func(status int, msg string) {
		d.render(w, status, "login.html", struct {
			page
			Error string
		}{d.anonymous("Sign in"), msg})
	}
	switch {
	case t == nil:
		fail(http.StatusUnauthorized, "That is not a token this server accepts.")
		return
	case !hasRole(t, RoleReview):
		fail(http.StatusForbidden, "Token "+t.Name+" does not have the review role: the desk is for reviewers.")
		return
	}
	id := randomHex()
	now := time.Now()
	d.mu.Lock()
	d.prune(t.Name, now)
	d.sessions[id] = &deskSession{name: t.Name, hash: sha256.Sum256([]byte(tok)), roles: t.Roles, csrf: randomHex(), expires: now.Add(deskSessionTTL), since: now}
	d.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: deskCookie, Value: id, Path: "/desk/", HttpOnly: true, Secure: overTLS(r),
		SameSite: http.SameSiteStrictMode, MaxAge: int(deskSessionTTL.Seconds())})
	http.Redirect(w, r, "/desk/", http.StatusSeeOther)
}

// overTLS reports whether the browser reached the desk over TLS: the
// server's own, or a proxy's in front of it that says so
// (X-Forwarded-Proto: https). Marking the cookie Secure only narrows where
// the browser sends it, so a forged header gains nothing.
func overTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

func (d *desk) logout(w http.ResponseWriter, r *http.Request) {
	u := d.user(r)
	if u == nil || d.s.opts.Tokens == nil {
		http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(u.csrf)) != 1 {
		d.message(w, u, http.StatusForbidden, "Not allowed", "The form was not one this desk gave you; sign out from the desk's own page.", "/desk/", "Back to the queue")
		return
	}
	if c, err := r.Cookie(deskCookie); err == nil {
		d.mu.Lock()
		delete(d.sessions, c.Value)
		d.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: deskCookie, Value: "", Path: "/desk/", HttpOnly: true, Secure: overTLS(r), SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
}

// queueFilter is the queue's filter as the page's form gives it.
type queueFilter struct {
	Decision, Destination, Product, EndUser, Since, Waiting string
}

// waits are the queue's "waiting at least" choices: days since the line
// was decided.
var waits = []struct{ Value, Label string }{{"", "any time"}, {"1", "1 day"}, {"7", "7 days"}, {"30", "30 days"}, {"90", "90 days"}}

func (f queueFilter) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"decision": f.Decision, "destination": f.Destination, "product": f.Product, "end_user": f.EndUser, "since": f.Since, "waiting": f.Waiting} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

type queueLine struct {
	Seq                                                   int64
	OrderID, ShipDate, Product, Destination, EndUser, Why string
	Decision, DecisionText                                string
}

type queueCount struct {
	Decision, Label, Link string
	N                     int
}

func (d *desk) queue(w http.ResponseWriter, r *http.Request) {
	u := d.reviewer(w, r)
	if u == nil {
		return
	}
	p := d.page(u, "Lines waiting for a person")
	q := r.URL.Query()
	f := queueFilter{Decision: q.Get("decision"), Destination: strings.TrimSpace(q.Get("destination")), Product: strings.TrimSpace(q.Get("product")),
		EndUser: strings.TrimSpace(q.Get("end_user")), Since: strings.TrimSpace(q.Get("since")), Waiting: q.Get("waiting")}
	data := struct {
		page
		NoLedger  bool
		Filter    queueFilter
		Decisions []string
		Waits     []struct{ Value, Label string }
		Counts    []queueCount
		Lines     []queueLine
		Older     string
		Unknown   []string // filters that name no product or country the data knows, looked for as typed
	}{page: p, Filter: f, Decisions: openDecisions, Waits: waits}
	l := d.s.opts.Ledger
	if l == nil {
		data.NoLedger = true
		d.render(w, http.StatusOK, "queue.html", data)
		return
	}
	if f.Decision != "" && !slices.Contains(openDecisions, f.Decision) {
		d.message(w, u, http.StatusBadRequest, "Bad filter", "decision "+f.Decision+" is not one the queue holds ("+strings.Join(openDecisions, ", ")+")", "/desk/", "Back to the queue")
		return
	}
	if f.Since != "" {
		if _, err := time.Parse(time.DateOnly, f.Since); err != nil {
			d.message(w, u, http.StatusBadRequest, "Bad filter", "ships on or after: "+f.Since+" is not a date (YYYY-MM-DD)", "/desk/", "Back to the queue")
			return
		}
	}
	// before is the page's cursor, the link to older lines gives it: one
	// that is not a log row's number is refused, not read as the first
	// page (the reviewer would take it for the page asked for).
	var before int64
	if x := q.Get("before"); q.Has("before") {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n <= 0 {
			d.message(w, u, http.StatusBadRequest, "Bad page", "before="+x+" is not a log row's number: follow the queue's own link to older lines.", "/desk/", "Back to the queue")
			return
		}
		before = n
	}
	// The ledger keeps product IDs and country codes; a reviewer may type
	// an alias or a name, read as check reads an order's (a value that
	// names nothing is looked for as typed).
	product, destination := f.Product, f.Destination
	cat := d.s.Checker().Catalog()
	if id, err := cat.ResolveProduct(product); product != "" && err == nil {
		product = id
	} else if product != "" {
		data.Unknown = append(data.Unknown, fmt.Sprintf("Product %q is not a product ID or alias the data knows: the queue looked for it as typed.", product))
	}
	if code, err := cat.ResolveCountry(destination); destination != "" && err == nil {
		destination = code
	} else if destination != "" {
		data.Unknown = append(data.Unknown, fmt.Sprintf("Destination %q is not a country code or name the data knows: the queue looked for it as typed.", destination))
	}
	lf := ledger.Filter{Standing: true, Decisions: openDecisions, Product: product, Destination: destination, EndUserPart: f.EndUser, Since: f.Since, Newest: true}
	if f.Waiting != "" {
		days, err := strconv.Atoi(f.Waiting)
		if err != nil || days <= 0 || days > 3660 {
			d.message(w, u, http.StatusBadRequest, "Bad filter", "waiting at least: "+f.Waiting+" is not a number of days", "/desk/", "Back to the queue")
			return
		}
		lf.DecidedBefore = time.Now().UTC().AddDate(0, 0, -days)
	}
	counts, err := l.Counts(r.Context(), lf)
	if err != nil {
		d.ledgerFault(w, r, u, err)
		return
	}
	for _, dec := range openDecisions {
		v := f.values()
		v.Set("decision", dec)
		data.Counts = append(data.Counts, queueCount{Decision: dec, Label: decisionText(dec), N: counts[dec], Link: "/desk/?" + v.Encode()})
	}
	if f.Decision != "" {
		lf.Decisions = []string{f.Decision}
	}
	lf.Before, lf.Limit = before, DeskPageSize
	for row, err := range l.Query(r.Context(), lf) {
		if err != nil {
			d.ledgerFault(w, r, u, err)
			return
		}
		data.Lines = append(data.Lines, queueLine{Seq: row.Seq, OrderID: row.OrderID, ShipDate: humanDate(row.ShipDate), Product: row.Product,
			Destination: row.Destination, EndUser: row.EndUser, Decision: row.Decision, DecisionText: decisionText(row.Decision), Why: why(&row)})
	}
	if len(data.Lines) == DeskPageSize {
		v := f.values()
		v.Set("before", strconv.FormatInt(data.Lines[len(data.Lines)-1].Seq, 10))
		data.Older = "/desk/?" + v.Encode()
	}
	d.render(w, http.StatusOK, "queue.html", data)
}

func (d *desk) line(w http.ResponseWriter, r *http.Request) {
	u := d.reviewer(w, r)
	if u == nil {
		return
	}
	row := d.row(w, r, u)
	switch {
	case row == nil:
	case row.IsAction():
		d.message(w, u, http.StatusOK, fmt.Sprintf("%s (log row %d)", upperFirst(row.Kind), row.Seq),
			fmt.Sprintf("%s recorded %s on %s (order %s); the standing lines it bears on were judged again then (see each order's history).",
				cmp.Or(row.Run.Actor, "A reviewer"), actionText(row), humanDate(row.Run.Started), row.OrderID),
			fmt.Sprintf("/desk/records/%d", row.Seq), "Download the "+row.Kind+" record ("+recordName(row)+")")
	default:
		d.renderLine(w, r, u, row, http.StatusOK, nil, nil)
	}
}

// historyRow is a row of an order's history on its line page.
type historyRow struct {
	Seq                            int64
	Kind, Decision, Actor, Decided string
	// Reason is why its run was committed, as its committer gave it
	// (check --commit --reason, which --amend needs); "" for none.
	Reason string
	This   bool
}

// row is the log row a request's {seq} names; otherwise it answers and
// returns nil.
func (d *desk) row(w http.ResponseWriter, r *http.Request, u *deskSession) *ledger.Row {
	l := d.s.opts.Ledger
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if l == nil || err != nil || seq <= 0 {
		d.message(w, u, http.StatusNotFound, "No such line", "There is no line "+r.PathValue("seq")+" in the ledger.", "/desk/", "Back to the queue")
		return nil
	}
	var row *ledger.Row
	for x, err := range l.Query(r.Context(), ledger.Filter{Seq: seq}) {
		if err != nil {
			d.ledgerFault(w, r, u, err)
			return nil
		}
		row = &x
	}
	if row == nil {
		d.message(w, u, http.StatusNotFound, "No such line", "There is no line "+strconv.FormatInt(seq, 10)+" in the ledger.", "/desk/", "Back to the queue")
	}
	return row
}

// deskHit is a screening hit as the ledger keeps it.
type deskHit struct {
	List      string  `json:"list"`
	EntryID   string  `json:"entry_id"`
	Name      string  `json:"name"`
	Score     float64 `json:"score"`
	EntryHash string  `json:"entry_hash"`
	Owner     string  `json:"owner,omitempty"` // the end user's owner the hit is on; "" for the end user

	Entry   *screening.Entry `json:"-"` // the list entry as the server's lists hold it; nil when not found
	Changed bool             `json:"-"` // the entry differs from the one the line was judged against
	Value   string           `json:"-"` // what the clearance form posts for it
}

// party is who a hit is on: the owner it names, else the line's end user.
func (h *deskHit) party(endUser string) string { return cmp.Or(h.Owner, endUser) }

// hitValue is what the clearance form posts for the i-th hit of a line:
// the entry's ID for a hit on the end user, "owner:i" for one on an owner
// (an entry can hit the end user and an owner both).
func hitValue(h *deskHit, i int) string {
	if h.Owner != "" {
		return "owner:" + strconv.Itoa(i)
	}
	return h.EntryID
}

// posted is a form of a line's page as its reviewer posted it, refused:
// the page shows it again with each problem in words beside its field
// (aria-invalid, aria-describedby) and what the reviewer typed kept.
type posted struct {
	Form   string            // "clearance", "assignment" or "withdrawal"
	Values url.Values        // as posted
	Errs   map[string]string // field: what is wrong with it and what to do
}

// Value is what the reviewer gave for field of form, or def when the
// page does not follow that form.
func (p *posted) Value(form, field, def string) string {
	if p == nil || p.Form != form {
		return def
	}
	return p.Values.Get(field)
}

// Err is the problem with field of form, or "".
func (p *posted) Err(form, field string) string {
	if p == nil || p.Form != form {
		return ""
	}
	return p.Errs[field]
}

// formAnchors are the headings of the line page's forms, which the
// summary of a refused form links to.
var formAnchors = map[string]string{"clearance": "adjudicate-h", "assignment": "assign-h", "withdrawal": "withdraw-h"}

// Summary says at the top of the page that the form was refused, or "".
func (p *posted) Summary() string {
	if p == nil || len(p.Errs) == 0 {
		return ""
	}
	return "The " + p.Form + " was not kept: "
}

// Anchor is the heading of the refused form.
func (p *posted) Anchor() string { return formAnchors[p.Form] }

// clearanceProblems are the problems of a posted clearance, field by
// field, in words, with what to do, made (entered) at now; and the day it
// says the candidate was adjudicated ("at": the day the reviewer compared
// the names, today unless given). That day is checked as the records
// loader checks a clearance's at (records.ClearanceAtError, the words of
// `exportcheck clear --at`), and the day it holds until against it.
func clearanceProblems(v url.Values, now time.Time) (map[string]string, string) {
	errs := map[string]string{}
	switch records.Outcome(v.Get("outcome")) {
	case records.FalsePositive, records.TrueMatch:
	default:
		errs["outcome"] = "Choose false positive or true match."
	}
	if strings.TrimSpace(v.Get("reason")) == "" {
		errs["reason"] = "Say why: what you compared (addresses, registration numbers, sources)."
	}
	today := now.Format(time.DateOnly)
	at := cmp.Or(strings.TrimSpace(v.Get("at")), today)
	switch {
	case checker.DateError(at) != nil:
		errs["at"] = strconv.Quote(at) + " is not a date: give the day you compared the names as YYYY-MM-DD, today or earlier, or leave it empty for today."
		return errs, at // no day to hold from
	default:
		if err := records.ClearanceAtError(at, today, records.DefaultClearanceMonths); err != nil {
			errs["at"] = upperFirst(err.Error()) + "."
			return errs, at
		}
	}
	day, _ := time.Parse(time.DateOnly, at)
	limit := records.ClearanceLimit(day, records.DefaultClearanceMonths) // as the records loader reads it
	from := "the day you adjudicated it (" + humanDate(at) + ")"
	switch x := strings.TrimSpace(v.Get("expires")); {
	case x == "":
		errs["expires"] = "Give the date the clearance holds until (at most 12 months from " + from + ": " + limit.Format("2 Jan 2006") + " or earlier)."
	case checker.DateError(x) != nil:
		errs["expires"] = strconv.Quote(x) + " is not a date: give one as YYYY-MM-DD, after " + at + " (adjudicated on) and no later than " + limit.Format(time.DateOnly) + "."
	case x <= at:
		errs["expires"] = "The date must be after " + from + "."
	case x > limit.Format(time.DateOnly):
		errs["expires"] = "A clearance holds at most 12 months from " + from + ": give " + limit.Format("2 Jan 2006") + " or earlier, and adjudicate the candidate again then."
	}
	return errs, at
}

// reasonProblem is the problem of a posted assignment or withdrawal's
// reason, if any.
func reasonProblem(v url.Values, what string) map[string]string {
	if strings.TrimSpace(v.Get("reason")) == "" {
		return map[string]string{"reason": "Say why " + what + "."}
	}
	return nil
}

func (d *desk) renderLine(w http.ResponseWriter, r *http.Request, u *deskSession, row *ledger.Row, status int, errs []string, f *posted) {
	p := d.page(u, "Order "+row.OrderID+": "+decisionText(row.Decision))
	// The order's rows: its versions and the reviewers' actions on it.
	// A history cut short would hide the rows after the fault, and with
	// them which version stands: the page would show an earlier version
	// as the order's own. No page, then, as when the line itself cannot
	// be read.
	var history []historyRow
	var standing int64
	received := row.Run.Inputs // the inputs of the run that received the line as it stands here
	for x, err := range d.s.opts.Ledger.Query(r.Context(), ledger.Filter{OrderID: row.OrderID}) {
		if err != nil {
			d.ledgerFault(w, r, u, err)
			return
		}
		if (x.Kind == ledger.KindDecision || x.Kind == ledger.KindAmendment) && x.InputHash == row.InputHash && x.Seq <= row.Seq {
			received = x.Run.Inputs
		}
		h := historyRow{Seq: x.Seq, Kind: kindWords(x.Kind), Decision: decisionText(x.Decision), Actor: actorText(x.Run.Actor, x.Run.Inputs, x.File), Decided: humanDate(x.Run.Started), Reason: x.Run.Reason, This: x.Seq == row.Seq}
		if x.IsAction() {
			// When it was entered (Decided, the row's time) and, for a
			// clearance, the day it says the names were compared.
			h.Decision = actionText(&x)
			if on := adjudicatedOn(&x); on != "" {
				h.Decision += ", adjudicated on " + on
			}
		} else {
			standing = x.Seq
		}
		history = append(history, h)
	}
	c := d.s.current.Load()
	var cl *checker.Classification
	if row.Product != "" && row.ShipDate != "" {
		cl, _ = c.Classify(r.Context(), row.Product, row.ShipDate) // none for a product no longer in the data
	}
	// Arriving from a record made here: what it did.
	var kept *ledger.Row
	var rejudged int
	d.mu.Lock()
	mine, n := u.kept, u.rejudged
	d.mu.Unlock()
	// A session that made none has mine 0, and a Filter with Seq 0 is
	// every row: ?kept=0 must not name the ledger's last record as its.
	if seq, err := strconv.ParseInt(r.URL.Query().Get("kept"), 10, 64); err == nil && seq > 0 && seq == mine {
		for x, err := range d.s.opts.Ledger.Query(r.Context(), ledger.Filter{Seq: seq}) {
			if err == nil && x.IsAction() {
				kept, rejudged = &x, n
			}
		}
	}
	keptFile := ""
	if kept != nil {
		keptFile = recordPath(kept.Kind, recordName(kept))
	}
	// The records a line that needs an authorization can be assigned to.
	var assign []assignable
	if set := d.s.opts.Records; set != nil && (row.Decision == checker.LicenseRequired.String() || row.Decision == checker.Exception.String()) {
		// Whether each can cover the line at all is the policy's: a
		// licence as it stands on the ship date (revoked or suspended,
		// not issued yet, expired), a notification too (usable only from
		// 25 days after filing), any record whose own faults keep it
		// from covering any line (a condition the policy cannot check, a
		// VEU without its listing, a notification BIS objected to).
		standing, err := c.Standings(r.Context(), row.ShipDate)
		if err != nil { // each is then "not judged by the policy"
			d.s.opts.Logger.Error("the policy's standing of the licences", "row", row.Seq, "token", u.name, "err", err)
		}
		unusable := func(faults []string) string {
			if len(faults) == 0 {
				return ""
			}
			return " (not usable: " + strings.Join(faults, "; ") + ")"
		}
		for _, l := range set.Licences {
			assign = append(assign, assignable{"licence:" + l.Number, fmt.Sprintf("%s %s: %s; %s; %s%s", kindText(string(l.Kind)), l.Number,
				strings.Join(l.Destinations, ", "), strings.Join(l.EndUsers, "; "), cmp.Or(l.Expires, "no expiry"), unusable(standing.Licence(l.Number).Faults))})
		}
		for _, n := range set.Notifications {
			assign = append(assign, assignable{"notification:" + n.BISReference, fmt.Sprintf("%s notification %s: %s; %s; filed %s%s",
				n.Exception, n.BISReference, n.Destination, n.EndUser, n.FiledOn, unusable(standing.Notification(n.BISReference).Faults))})
		}
	}
	// The assignments of this end user in force, which a reviewer can
	// withdraw.
	var withdraw []assignable
	if !row.IsAction() {
		all, err := d.assignmentsInForce(r.Context(), row.EndUser)
		switch {
		case errors.Is(err, errLedger):
			d.s.opts.Logger.Error("ledger unavailable", "method", r.Method, "path", r.URL.Path, "token", u.name, "err", err)
			errs = append(errs, "The assignments in force cannot be read: the ledger could not be reached, was locked too long, or refused the work (the server's log says why).")
		case err != nil:
			d.keptUnreadable(r, u, err)
			errs = append(errs, "The assignments in force cannot be read: "+keptUnreadableText+" (the server's log says which, and why).")
		}
		for _, a := range all {
			withdraw = append(withdraw, assignable{a.value(), fmt.Sprintf("%s to %s, assigned by %s on %s: %s", a.EndUser, a.what(), a.By, a.At, a.Reason)})
			// Assigned already: not offered again.
			assign = slices.DeleteFunc(assign, func(x assignable) bool { return x.Value == a.value() })
		}
	}
	// The reasons and screening candidates the ledger keeps as JSON: one
	// that does not decode is said to, not shown as none (a line with a
	// candidate would read as one without).
	unreadable := func(what, js string, v any) bool {
		if js == "" {
			return false
		}
		if err := json.Unmarshal([]byte(js), v); err != nil {
			d.s.opts.Logger.Error("a ledger row does not read", "row", row.Seq, "column", what, "token", u.name, "err", err)
			return true
		}
		return false
	}
	var reasons []checker.Reason
	if unreadable("reasons", row.Reasons, &reasons) {
		errs = append(errs, "This line's reasons cannot be read from the ledger, so they are not shown (the server's log says why).")
	}
	var hits []deskHit
	hitsUnreadable := unreadable("hits", row.Hits, &hits)
	if hitsUnreadable {
		hits = nil
		errs = append(errs, "This line's screening candidates cannot be read from the ledger, so they are not shown: do not take it for a line without one (the server's log says why).")
	}
	for i := range hits {
		hits[i].Value = hitValue(&hits[i], i)
	}
	if find := d.s.opts.Entry; find != nil {
		for i := range hits {
			if e, ok := find(hits[i].EntryID); ok {
				hits[i].Entry = e
				hits[i].Changed = hits[i].EntryHash != "" && screening.EntryHash(e) != hits[i].EntryHash
			}
		}
	}
	var raw []string
	json.Unmarshal([]byte(row.Inputs), &raw)
	var fields []checker.Field
	hq := ""
	for i := 0; i+1 < len(raw); i += 2 {
		fields = append(fields, checker.Field{Name: fieldLabel(raw[i]), Value: raw[i+1]})
		if raw[i] == "end_user_hq" {
			hq = raw[i+1]
		}
	}
	review := row.Review // the policy's words for it, when it has them
	if words, err := c.ReviewPolicyWords(r.Context()); err == nil && words[review] != "" {
		review = words[review]
	} else {
		review = strings.ReplaceAll(review, "_", " ")
	}
	decided := row.Run.Started
	if t, err := time.Parse(time.RFC3339, decided); err == nil {
		decided = t.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	// Which lines a clearance clears is the policy's
	// (screening.clearance_from): the day the one kept stands from, and
	// whether one recorded today could clear this line at all. So is which
	// lines an assignment covers (authorization.assignment_from): the day
	// the one kept applies from (by the day it was made, not today), and
	// whether one made today covers this line.
	now := time.Now()
	from, keptErr := keptFrom(r.Context(), c, kept)
	clearanceBefore, clearanceErr := clearedBefore(r.Context(), c, row, now)
	assignedBefore, assignedFrom, assignmentErr := assignedBefore(r.Context(), c, row, now)
	if assignmentOf(kept) != nil {
		assignmentErr = errors.Join(keptErr, assignmentErr)
	} else {
		clearanceErr = errors.Join(keptErr, clearanceErr)
	}
	if clearanceErr != nil {
		d.s.opts.Logger.Error("the policy's day a clearance stands from", "row", row.Seq, "token", u.name, "err", clearanceErr)
		errs = append(errs, "The day a clearance applies from cannot be read from the policy, so this page does not say which lines it clears (the server's log says why).")
	}
	if assignmentErr != nil {
		d.s.opts.Logger.Error("the policy's day an assignment applies from", "row", row.Seq, "token", u.name, "err", assignmentErr)
		errs = append(errs, "The day an assignment applies from cannot be read from the policy, so this page does not say which lines it covers (the server's log says why).")
	}
	d.render(w, status, "line.html", struct {
		page
		Row          *ledger.Row
		DecisionText string
		Review       string // the review policy in words
		Decided      string
		Reasons      []checker.Reason
		Hits         []deskHit
		HitsUnread   bool // the line's hits could not be read
		Fields       []checker.Field
		Source       string // where the order came from
		Expires      string
		Today        string // the clearance form's "Adjudicated on" unless given
		ShipsBefore  string // the ship date, when an assignment made today does not cover the line (authorization.assignment_from)
		AssignedFrom string // the day the policy has one made today apply from, when it is not today
		// ClearanceBefore is the ship date when a clearance recorded today
		// cannot clear the line, whatever day it says it was adjudicated
		// on (screening.clearance_from).
		ClearanceBefore string
		Errors          []string
		Form            *posted // the form refused, as posted
		HQ              string
		History         []historyRow
		Standing        int64       // the order's standing row
		Kept            *ledger.Row // the record made here the page follows
		KeptText        string
		KeptFile        string // where it goes in git: records/, its kind, the file name it downloads as
		KeptAt          string // the day a clearance kept says the candidate was adjudicated on: it applies from then
		KeptRecorded    string // the day a clearance kept was recorded, when the policy has it apply from then rather than KeptAt
		KeptUntil       string // the day a clearance kept holds until (its expires)
		KeptMade        string // the day an assignment kept was made (its at)
		KeptFrom        string // the day the policy has an assignment kept apply from, when not KeptMade
		KeptLater       string // what the line ships before ("the clearance was adjudicated", …); "" when it does not
		KeptExpired     string // a clearance kept that had expired already: what it holds for
		Rejudged        int    // lines judged again by it
		Assignable      []assignable
		Withdrawable    []assignable // the assignments of the end user in force
		// The classification arithmetic (TPP, PD, paragraph) of the
		// line's product on its ship date, by the policy serving now.
		Classification *checker.Classification
		Serving        string
		SameRevision   bool
	}{p, row, decisionText(row.Decision), review, decided, reasons, hits, hitsUnreadable, fields, sourceText(row, received), time.Now().UTC().AddDate(0, 6, 0).Format(time.DateOnly), time.Now().UTC().Format(time.DateOnly), assignedBefore, assignedFrom, clearanceBefore, errs, f, hq, history, standing,
		kept, keptText(kept), keptFile, adjudicatedOn(kept), recordedOn(kept, from), holdsUntil(kept), madeOn(kept), appliesFrom(kept, from), keptLater(kept, row, from), keptExpired(kept, from, now), rejudged, assign, withdraw, cl, c.Bundle().ShortRevision(), c.Revision() == row.Run.PolicyRevision})
}

// keptFrom is the day the record kept applies from, as the policy says:
// a clearance's (screening.clearance_from: its at, or the day it was
// recorded when later), an assignment's (authorization.assignment_from,
// of the day it was made: its at, whatever day it is now); "" for a row
// that keeps neither (a withdrawal, which replaces the assignment for
// every line, keeps none).
func keptFrom(ctx context.Context, c *checker.Checker, kept *ledger.Row) (string, error) {
	if cl := clearanceOf(kept); cl != nil {
		return c.ClearanceFrom(ctx, cl.At, cl.Recorded)
	}
	if a := assignmentOf(kept); a != nil {
		return c.AssignmentFrom(ctx, a.At)
	}
	return "", nil
}

// clearedBefore is the line's ship date when a clearance recorded today
// could not clear it whatever day it says it was adjudicated on (the
// policy's day it stands from is after the ship date even when
// adjudicated on it); "" else.
func clearedBefore(ctx context.Context, c *checker.Checker, row *ledger.Row, now time.Time) (string, error) {
	if row.ShipDate == "" || checker.DateError(row.ShipDate) != nil {
		return "", nil
	}
	from, err := c.ClearanceFrom(ctx, row.ShipDate, now.UTC().Format(time.DateOnly))
	if err != nil || row.ShipDate >= from {
		return "", err
	}
	return row.ShipDate, nil
}

// keptLater says what the line ships before when it ships before the day
// the record kept applies from (from: keptFrom's, the policy's), for "as
// it ships before …": a clearance's "the clearance was adjudicated" (its
// at) or "the clearance was recorded"; an assignment's "the assignment was
// made" when it applies from the day it was made (its at), else that day
// and whose it is; "" when it does not (and for a withdrawal, which
// replaces the assignment for every line whatever its ship date).
func keptLater(kept, row *ledger.Row, from string) string {
	if kept == nil || row.ShipDate == "" || from == "" || row.ShipDate >= from {
		return ""
	}
	if a := assignmentOf(kept); a != nil {
		if from == a.At {
			return "the assignment was made"
		}
		return humanDate(from) + ", the day the policy has the assignment apply from"
	}
	c := clearanceOf(kept)
	switch {
	case c == nil:
		return ""
	case row.ShipDate < c.At:
		return "the clearance was adjudicated"
	}
	return "the clearance was recorded"
}

// keptExpired says, of a clearance kept whose expiry is before the day the
// policy has it stand from (from: an adjudication recorded after the fact
// stands from the day recorded), what it holds for; "" else.
func keptExpired(kept *ledger.Row, from string, now time.Time) string {
	if c := clearanceOf(kept); c != nil && from != "" {
		return upperFirst(records.ClearanceExpired(c.At, c.Expires, now.UTC().Format(time.DateOnly), from))
	}
	return ""
}

// assignedBefore is the line's ship date when an assignment made today
// (UTC) does not cover it: the policy has one apply from a day after the
// ship date (authorization.assignment_from: today); "" else. from is that
// day, as people read it, when it is not today; "" else.
func assignedBefore(ctx context.Context, c *checker.Checker, row *ledger.Row, now time.Time) (ship, from string, err error) {
	if row.ShipDate == "" || checker.DateError(row.ShipDate) != nil {
		return "", "", nil
	}
	today := now.UTC().Format(time.DateOnly)
	day, err := c.AssignmentFrom(ctx, today)
	if err != nil || row.ShipDate >= day {
		return "", "", err
	}
	if day != today {
		from = humanDate(day)
	}
	return row.ShipDate, from, nil
}

// kindWords is what a ledger row is, in words.
func kindWords(kind string) string {
	switch kind {
	case ledger.KindDecision:
		return "committed"
	case ledger.KindAmendment:
		return "amended"
	case ledger.KindRejudgement:
		return "judged again"
	}
	return kind // clearance, assignment: words already
}

// fieldLabels are the order's fields as a person reads them; a column of
// the order book's own keeps its name.
var fieldLabels = map[string]string{
	"id": "Order", "product": "Product", "quantity": "Quantity", "destination": "Destination",
	"end_user": "End user", "end_user_hq": "End-user headquarters", "date": "Ship date",
	"end_use": "End use", "ship_from": "Ships from", "end_user_parent": "End-user parent",
	"consignee": "Consignee",
}

func fieldLabel(name string) string { return cmp.Or(fieldLabels[name], name) }

// sourceText is where a line came from: "orders.csv, line 12", or for an
// order posted to the service, its place in the request (received: the
// inputs, as the ledger keeps them, of the run that received it).
func sourceText(row *ledger.Row, received string) string {
	switch {
	case fromService(received, row.File):
		return fmt.Sprintf("posted to the service, order %d of its request", row.Line)
	case row.File == "-":
		return fmt.Sprintf("standard input, line %d", row.Line)
	}
	return fmt.Sprintf("%s, line %d", row.File, row.Line)
}

// fromService reports whether a line read from file was posted to the
// service, by its run's inputs (JSON, as the ledger keeps them): a
// server's run names its request's hash under "request", and its lines
// are read from "-". A command line's run names each file it read under
// its path, and standard input under "-": one that read a file named
// "request" has that key too, but its lines are that file's, and any it
// read from standard input come with "-" among its inputs (before, both
// were "the service (no token)"). No path the command line records
// makes the three hold together.
func fromService(inputs, file string) bool {
	if file != "-" {
		return false
	}
	var in map[string]string
	_ = json.Unmarshal([]byte(inputs), &in)
	_, request := in["request"]
	_, stdin := in["-"]
	return request && !stdin
}

// fromDesk says whether a run kept a record made at the desk: its one
// input is the record, named "desk:" and the record's file name (keep).
// A command-line run's inputs are its order books and files.
func fromDesk(inputs string) bool {
	var in map[string]string
	_ = json.Unmarshal([]byte(inputs), &in)
	if len(in) != 1 {
		return false
	}
	for k := range in {
		return strings.HasPrefix(k, "desk:")
	}
	return false
}

// actorText is who made a run: its token's name; the desk, for a record
// kept there on a server without tokens (and the lines it judged again);
// the service, for a request to such a server (a line of it read from
// file); else the command line.
func actorText(actor, inputs, file string) string {
	switch {
	case actor != "":
		return actor
	case fromDesk(inputs):
		return "the review desk (no token)"
	case fromService(inputs, file):
		return "the service (no token)"
	}
	return "command line"
}

// ActorText is who made a run, as the desk names it: ledger query's CSV
// and the exported Ledger sheet name it alike (one copy of the words).
func ActorText(actor, inputs, file string) string { return actorText(actor, inputs, file) }

// assignable is a record a line's end user can be assigned to.
type assignable struct{ Value, Text string }

func kindText(kind string) string {
	if kind == "veu" {
		return "VEU authorization"
	}
	return "licence"
}

// actionText says what an action's row records, for a person.
func actionText(r *ledger.Row) string {
	if r.Kind == ledger.KindAssignment {
		kind, number, _ := strings.Cut(r.Auth, ":")
		what := kindText(kind) + " " + number
		if kind == "notification" {
			what = "notification " + number
		}
		if r.Decision == string(records.AssignmentWithdrawn) {
			return "withdrew the assignment of " + r.EndUser + " to " + what
		}
		return "assigned " + r.EndUser + " to " + what
	}
	return "cleared entry " + cmp.Or(firstHit(r.Hits).Name, "?") + " for " + clearedParty(r) + " as " + strings.ReplaceAll(r.Decision, "_", " ")
}

// keptText names a record made here, for the page that follows it.
func keptText(r *ledger.Row) string {
	switch {
	case r == nil:
		return ""
	case r.Kind == ledger.KindAssignment && r.Decision == string(records.AssignmentWithdrawn):
		return "withdrawal (" + actionText(r) + ")"
	case r.Kind == ledger.KindAssignment:
		return "assignment (" + actionText(r) + ")"
	}
	h := firstHit(r.Hits)
	return strings.ReplaceAll(r.Decision, "_", " ") + " clearance of " + clearedParty(r) + " against " + strings.TrimSpace(h.List+" entry") + " " + cmp.Or(h.Name, "?")
}

// clearedParty is who a clearance's row cleared, as spelt: the line's end
// user, or the owner of it the hit was on.
func clearedParty(r *ledger.Row) string {
	if h := firstHit(r.Hits); h.Owner != "" {
		return h.Owner + " (an owner of " + r.EndUser + ")"
	}
	return r.EndUser
}

// recordName is the file name a record kept in the ledger downloads as.
// A clearance's is the one `exportcheck clear` gives its spelling, entry
// and day (records.Clearance.SpeltDatedFileName), read from the record
// itself: rows kept before the desk named them so (by the day only, alike
// for two spellings of one name) download under it too.
func recordName(r *ledger.Row) string {
	if c := clearanceOf(r); c != nil {
		return c.SpeltDatedFileName()
	}
	return path.Base(r.File)
}

// clearanceOf is the clearance a clearance's row keeps, or nil (another
// kind of row, or a record that does not read).
func clearanceOf(r *ledger.Row) *records.Clearance {
	if r == nil || r.Kind != ledger.KindClearance {
		return nil
	}
	b, err := r.Record()
	if err != nil {
		return nil
	}
	if set, err := records.Parse(r.File, b); err == nil && len(set.Clearances) == 1 {
		return &set.Clearances[0]
	}
	return nil
}

// assignmentOf is the assignment an assignment's row keeps, or nil
// (another kind of row, a withdrawal, or a record that does not read).
func assignmentOf(r *ledger.Row) *records.Assignment {
	if r == nil || r.Kind != ledger.KindAssignment || r.Decision == string(records.AssignmentWithdrawn) {
		return nil
	}
	b, err := r.Record()
	if err != nil {
		return nil
	}
	// Read as the desk and the ledger read one (ParseEach): alone, without
	// the licence or notification it names.
	if set, err := (records.Options{}).ParseEach(records.File{Name: r.File, Data: b}); err == nil && len(set.Assignments) == 1 && set.Assignments[0].Status != records.AssignmentWithdrawn {
		return &set.Assignments[0]
	}
	return nil
}

// adjudicatedOn is the day a clearance's row says the candidate was
// adjudicated on (its record's at), as people read it, or "".
func adjudicatedOn(r *ledger.Row) string {
	if c := clearanceOf(r); c != nil {
		return humanDate(c.At)
	}
	return ""
}

// recordedOn is the day a clearance's row says it was recorded on, as
// people read it, when the policy has it stand from that day (from) rather
// than the day adjudicated; "" else.
func recordedOn(r *ledger.Row, from string) string {
	if c := clearanceOf(r); c != nil && from != c.At && from == c.Recorded {
		return humanDate(c.Recorded)
	}
	return ""
}

// madeOn is the day an assignment's row says it was made on (its
// record's at), as people read it, or "" (another kind of row, a
// withdrawal).
func madeOn(r *ledger.Row) string {
	if a := assignmentOf(r); a != nil {
		return humanDate(a.At)
	}
	return ""
}

// appliesFrom is the day the policy has an assignment's row apply from
// (from: keptFrom's), as people read it, when it is not the day it was
// made; "" else.
func appliesFrom(r *ledger.Row, from string) string {
	if a := assignmentOf(r); a != nil && from != "" && from != a.At {
		return humanDate(from)
	}
	return ""
}

// holdsUntil is the day a clearance's row says it holds until (its
// record's expires), as people read it, or "".
func holdsUntil(r *ledger.Row) string {
	if c := clearanceOf(r); c != nil {
		return humanDate(c.Expires)
	}
	return ""
}

// recordPath is where a record kept in the ledger goes in git: under
// records/ as `exportcheck clear -o records/clearances` writes a
// clearance ("records/clearances/NAME"), the desk's page and the file's
// own comment alike.
func recordPath(kind, name string) string { return records.Dir(kind) + "/" + name }

// saveAs is what a downloaded record's comment asks of the reviewer.
func saveAs(kind, name string) string {
	return "save it as " + recordPath(kind, name) + " and commit it for review."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// firstHit is the first hit in a row's hits (a clearance's row holds the
// one it adjudicated); zero when none.
func firstHit(hitsJSON string) deskHit {
	var hs []deskHit
	json.Unmarshal([]byte(hitsJSON), &hs)
	if len(hs) == 0 {
		return deskHit{}
	}
	return hs[0]
}

// clearance keeps the clearance record a reviewer's adjudication of a
// line's screening candidate makes in the ledger, judges again the lines
// it bears on, and shows the line as judged now; a record that would not
// load is the line's page again with the problems.
func (d *desk) clearance(w http.ResponseWriter, r *http.Request) {
	u, row := d.lineForm(w, r, "adjudicate")
	if row == nil {
		return
	}
	var hits []deskHit
	if err := json.Unmarshal([]byte(cmp.Or(row.Hits, "[]")), &hits); err != nil {
		// Not "not one of this line's": the line's candidates are
		// there, and cannot be read (the page says so).
		d.s.opts.Logger.Error("desk: a line's screening candidates do not read", "row", row.Seq, "err", err)
		d.renderLine(w, r, u, row, http.StatusInternalServerError, []string{"Nothing was kept: this line's screening candidates cannot be read from the ledger (the server's log says why)."}, nil)
		return
	}
	i := -1
	for j := range hits {
		if hitValue(&hits[j], j) == r.PostFormValue("entry") {
			i = j
		}
	}
	if i < 0 {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, nil, &posted{"clearance", r.PostForm, map[string]string{"entry": "That candidate is not one of this line's. Choose one from the list."}})
		return
	}
	// The reviewer compares the entry as the server's lists hold it now,
	// but the record fingerprints the entry the line was judged against:
	// when they differ, the clearance would name an entry no one has
	// looked at, and would clear nothing the policy judges now.
	if find := d.s.opts.Entry; find != nil && hits[i].EntryHash != "" {
		if e, ok := find(hits[i].EntryID); ok && screening.EntryHash(e) != hits[i].EntryHash {
			d.renderLine(w, r, u, row, http.StatusConflict, nil, &posted{"clearance", r.PostForm, map[string]string{"entry": "This entry has changed since the line was judged: judge the line again, then adjudicate the candidate on the line as judged now."}})
			return
		}
	}
	// Entered now (the ledger row's time, and the record's comment's);
	// adjudicated on the day the reviewer gives (at, by default today).
	now := time.Now().UTC().Truncate(time.Second)
	errs, at := clearanceProblems(r.PostForm, now)
	if len(errs) > 0 {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, nil, &posted{"clearance", r.PostForm, errs})
		return
	}
	h := hits[i]
	c := &records.Clearance{
		EndUser: h.party(row.EndUser), Entry: h.EntryID, EntryName: h.Name, List: h.List, EntryHash: h.EntryHash,
		Outcome: records.Outcome(r.PostFormValue("outcome")), By: u.name, At: at,
		Reason: strings.TrimSpace(r.PostFormValue("reason")), Expires: strings.TrimSpace(r.PostFormValue("expires")),
		// Recorded now, whatever day it was adjudicated on: it clears
		// no line shipped before today (the policy's rule).
		Recorded: now.Format(time.DateOnly),
	}
	// Named as `exportcheck clear` names this spelling's clearance of the
	// entry on this day: another spelling's of the same day (a name that
	// normalises alike) gets a name of its own, not this one.
	name := c.SpeltDatedFileName()
	// Its comment says when it was entered (its ledger rows' time), its
	// at when the names were compared.
	doc := append([]byte("# Made at the exportcheck review desk by "+comment(u.name)+" on "+now.Format(time.RFC3339)+" (adjudicated on "+at+") for ledger row "+strconv.FormatInt(row.Seq, 10)+
		" (order "+comment(row.OrderID)+"), and kept in the ledger.\n# To keep it in git as well, "+saveAs(ledger.KindClearance, name)+"\n"), c.YAML()...)
	if err := d.parse(name, doc); err != nil {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, recordErrors(err), nil)
		return
	}
	h.Entry = nil
	hit, _ := json.Marshal(h)
	d.keep(w, r, u, row, ledger.Action{Kind: ledger.KindClearance, Line: row, Name: name, Record: doc, Outcome: string(c.Outcome), Hit: string(hit)},
		clearanceBears(c.EndUser, c.Entry, c.Outcome), now)
}

// deskFormMax is the longest form the desk reads (a reason of a few
// thousand words).
const deskFormMax = 16 << 10

// lineForm reads a form posted from a line's page by a reviewer: its
// user and the line, which must be its order's standing version; otherwise
// it answers and returns a nil row.
func (d *desk) lineForm(w http.ResponseWriter, r *http.Request, verb string) (*deskSession, *ledger.Row) {
	u := d.reviewer(w, r)
	if u == nil {
		return nil, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, deskFormMax)
	if err := r.ParseForm(); err != nil {
		// Read past its limit, a form loses its fields, the form token too:
		// it would be refused as one this desk did not give.
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			d.message(w, u, http.StatusRequestEntityTooLarge, "Too long", fmt.Sprintf("The form is longer than the desk takes (%d KB): shorten the reason, then "+verb+" again from the line's own page.", deskFormMax>>10), "/desk/", "Back to the queue")
			return u, nil
		}
		d.message(w, u, http.StatusBadRequest, "Not a form", "The form could not be read; "+verb+" from the line's own page.", "/desk/", "Back to the queue")
		return u, nil
	}
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(u.csrf)) != 1 {
		d.message(w, u, http.StatusForbidden, "Not allowed", "The form was not one this desk gave you; "+verb+" from the line's own page.", "/desk/", "Back to the queue")
		return u, nil
	}
	row := d.row(w, r, u)
	if row == nil || !d.actionable(w, r, u, row) {
		return u, nil
	}
	return u, row
}

// actionable reports whether a record can be made on row: a line that is
// its order's standing version; otherwise it answers.
func (d *desk) actionable(w http.ResponseWriter, r *http.Request, u *deskSession, row *ledger.Row) bool {
	if row.IsAction() {
		d.message(w, u, http.StatusConflict, "Not a line", fmt.Sprintf("Log row %d is a reviewer's %s, not a line.", row.Seq, row.Kind), "/desk/", "Back to the queue")
		return false
	}
	for x, err := range d.s.opts.Ledger.Query(r.Context(), ledger.Filter{OrderID: row.OrderID, Standing: true}) {
		if err != nil {
			d.ledgerFault(w, r, u, err)
			return false
		}
		if x.Seq != row.Seq {
			d.message(w, u, http.StatusConflict, "An earlier version", fmt.Sprintf("Log row %d is an earlier version of order %s: act on the one standing, log row %d.", row.Seq, row.OrderID, x.Seq),
				fmt.Sprintf("/desk/lines/%d", x.Seq), "The standing version")
			return false
		}
	}
	return true
}

// keep keeps a record made at the desk and shows the line as judged
// again (or the record, when the line was not).
// now is when the record is entered: the time of its ledger rows.
func (d *desk) keep(w http.ResponseWriter, r *http.Request, u *deskSession, row *ledger.Row, a ledger.Action, on bears, now time.Time) {
	done, err := d.s.keep(r.Context(), a, on, u.name, now)
	if err != nil {
		d.s.opts.Logger.Error("desk record failed", "kind", a.Kind, "by", u.name, "row", row.Seq, "err", err)
		// A refusal would be refused again (409); a ledger fault may pass
		// (503, try again); anything else is the server's (500).
		msg, status := "The "+a.Kind+" was not kept: "+err.Error(), http.StatusInternalServerError
		var refused refusedError
		var rc *ledger.RevisionConflict
		var gone *ledger.SchemaGone
		switch {
		case errors.As(err, &rc): // for good: a page that says so, not the line with "try again"
			d.revisionConflict(w, u, row, a.Kind, rc)
			return
		case errors.As(err, &gone):
			d.schemaGone(w, r, u, gone)
			return
		case errors.Is(err, errLedger): // why is logged, not shown, as ledgerFault's
			msg, status = "The "+a.Kind+" was not kept: the ledger could not be reached, was locked too long, or refused the work; try again (the server's log says why).", http.StatusServiceUnavailable
		case errors.As(err, &refused):
			status = http.StatusConflict
		}
		d.renderLine(w, r, u, row, status, []string{msg}, nil)
		return
	}
	to := done.Row // the line was not judged again: show the record
	if seq, ok := done.Lines[row.OrderID]; ok {
		to = seq
	}
	d.mu.Lock()
	u.kept, u.rejudged = done.Row, len(done.Lines)
	d.mu.Unlock()
	http.Redirect(w, r, fmt.Sprintf("/desk/lines/%d?kept=%d", to, done.Row), http.StatusSeeOther)
}

// assignment keeps a reviewer's assignment of a line's end user to a
// licence, VEU or notification on record (the same party under another
// spelling) in the ledger, and judges again the lines of that end user
// that need an authorization.
func (d *desk) assignment(w http.ResponseWriter, r *http.Request) {
	u, row := d.lineForm(w, r, "assign")
	if row == nil {
		return
	}
	if row.Decision != checker.LicenseRequired.String() && row.Decision != checker.Exception.String() {
		// The line's page offers the form only so: a record is assigned
		// from a line that needs one.
		d.message(w, u, http.StatusConflict, "Nothing to assign", fmt.Sprintf("Order %s is %s: a licence or notification is assigned from a line that needs one (licence required, or a licence exception).",
			row.OrderID, decisionText(row.Decision)), "/desk/lines/"+strconv.FormatInt(row.Seq, 10), "Back to the line")
		return
	}
	a := &records.Assignment{EndUser: row.EndUser, Order: row.OrderID, By: u.name, At: time.Now().UTC().Format(time.DateOnly), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	auth := ""
	switch kind, number, _ := strings.Cut(r.PostFormValue("record"), ":"); {
	case d.s.opts.Records == nil:
	case kind == "licence":
		if l, ok := d.s.opts.Records.Licence(number); ok {
			a.Licence, auth = number, string(l.Kind)+":"+number
		}
	case kind == "notification":
		if slices.ContainsFunc(d.s.opts.Records.Notifications, func(n records.Notification) bool { return n.BISReference == number }) {
			a.Notification, auth = number, "notification:"+number
		}
	}
	if auth == "" {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, nil, &posted{"assignment", r.PostForm, map[string]string{"record": "That is not a licence or notification on record. Choose one from the list."}})
		return
	}
	if errs := reasonProblem(r.PostForm, "it is the same party (registration numbers, addresses, the licence application)"); errs != nil {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, nil, &posted{"assignment", r.PostForm, errs})
		return
	}
	// One in force already would be kept again and change nothing.
	all, ok := d.inForceOr(w, r, u, row, "Nothing was assigned")
	if !ok {
		return
	}
	for _, in := range all {
		if in.value() == r.PostFormValue("record") {
			d.message(w, u, http.StatusConflict, "Assigned already", fmt.Sprintf("%s is assigned to %s already (by %s on %s: %s), so nothing was kept. If order %s still needs an authorization, its reasons say why the record does not cover it.",
				in.EndUser, in.what(), in.By, in.At, in.Reason, row.OrderID), "/desk/lines/"+strconv.FormatInt(row.Seq, 10), "Back to the line")
			return
		}
	}
	doc := append([]byte("# Made at the exportcheck review desk by "+comment(u.name)+" for ledger row "+strconv.FormatInt(row.Seq, 10)+
		", and kept in the ledger.\n# To keep it in git as well, "+saveAs(ledger.KindAssignment, a.FileName())+"\n"), a.YAML()...)
	if err := d.parse(a.FileName(), doc); err != nil {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, recordErrors(err), nil)
		return
	}
	d.keep(w, r, u, row, ledger.Action{Kind: ledger.KindAssignment, Line: row, Name: a.FileName(), Record: doc, Outcome: "assigned", Auth: auth},
		assignmentBears(row.EndUser), time.Now())
}

// parse reads a record made at the desk as a record file is read, its
// end user checked against the placeholders of the policy serving (an
// assignment for "TBD" or "Customer Ltd" would name no one).
func (d *desk) parse(name string, doc []byte) error {
	set, err := (records.Options{}).ParseEach(records.File{Name: name, Data: doc})
	if err != nil {
		return err
	}
	return set.CheckKnown(records.Known{IsName: d.s.Checker().IsName})
}

// inForce is an assignment in force, as the line page offers it for
// withdrawal.
type inForce struct{ records.Assignment }

func (a inForce) value() string {
	if a.Licence != "" {
		return "licence:" + a.Licence
	}
	return "notification:" + a.Notification
}

func (a inForce) what() string {
	if a.Licence != "" {
		return "licence " + a.Licence
	}
	return "notification " + a.Notification
}

// assignmentsInForce are the assignments of an end user (as screening
// matches names) in force: of the records from files and those the
// ledger keeps, as the serving checker applies them. An error reading
// the ledger is an errLedger; one of a record kept there that does not
// read (a data problem: trying again does not help) is not.
func (d *desk) assignmentsInForce(ctx context.Context, endUser string) ([]inForce, error) {
	kept, err := d.s.opts.Ledger.Kept(ctx)
	var unread *ledger.RowError
	switch {
	case errors.As(err, &unread):
		return nil, err
	case err != nil:
		return nil, ledgerErr(err)
	}
	set, err := ledger.WithKept(d.s.opts.Records, kept)
	if err != nil {
		return nil, err
	}
	return inForceIn(set, endUser), nil
}

// inForceOr is assignmentsInForce of the line's end user, or, when they
// cannot be read, a page that says so and that nothing was done (nothing:
// "Nothing was withdrawn") and false.
func (d *desk) inForceOr(w http.ResponseWriter, r *http.Request, u *deskSession, row *ledger.Row, nothing string) ([]inForce, bool) {
	all, err := d.assignmentsInForce(r.Context(), row.EndUser)
	switch {
	case errors.Is(err, errLedger):
		d.ledgerFault(w, r, u, err)
		return nil, false
	case err != nil:
		d.keptUnreadable(r, u, err)
		d.message(w, u, http.StatusInternalServerError, "The records kept in the ledger cannot be read",
			nothing+": "+keptUnreadableText+". The server's log says which record, and why.", "/desk/lines/"+strconv.FormatInt(row.Seq, 10), "Back to the line")
		return nil, false
	}
	return all, true
}

// keptUnreadableText says that a record kept in the ledger does not read, for
// the page; which and why are the log's (keptUnreadable).
const keptUnreadableText = "a record kept in the ledger could not be read, so which assignments are in force is not known"

// keptUnreadable logs why the records kept in the ledger could not be
// read.
func (d *desk) keptUnreadable(r *http.Request, u *deskSession, err error) {
	d.s.opts.Logger.Error("records kept in the ledger unreadable", "method", r.Method, "path", r.URL.Path, "token", u.name, "err", err)
}

// inForceIn are the assignments of an end user in force in a set (nil:
// none).
func inForceIn(set *records.Set, endUser string) []inForce {
	if set == nil {
		return nil
	}
	var out []inForce
	for _, a := range set.Assignments {
		if a.Of(endUser) && a.Status != records.AssignmentWithdrawn {
			out = append(out, inForce{a})
		}
	}
	return out
}

// withdrawal keeps a reviewer's withdrawal of an assignment of a line's
// end user (made in error, or no longer true) in the ledger, and judges
// again the lines of that end user that drew on the record.
func (d *desk) withdrawal(w http.ResponseWriter, r *http.Request) {
	u, row := d.lineForm(w, r, "withdraw")
	if row == nil {
		return
	}
	all, ok := d.inForceOr(w, r, u, row, "Nothing was withdrawn")
	if !ok {
		return
	}
	var found *inForce
	for _, a := range all {
		if a.value() == r.PostFormValue("record") {
			found = &a
		}
	}
	if found == nil {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, nil, &posted{"withdrawal", r.PostForm, map[string]string{"record": "No assignment of this end user to that record is in force. Choose one from the list."}})
		return
	}
	if errs := reasonProblem(r.PostForm, "the assignment is withdrawn"); errs != nil {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, nil, &posted{"withdrawal", r.PostForm, errs})
		return
	}
	// Dated today, or the assignment's own day when that is later (a
	// file may date one ahead): on the same day a withdrawal stands.
	at := max(time.Now().UTC().Format(time.DateOnly), found.At)
	a := &records.Assignment{EndUser: found.EndUser, Licence: found.Licence, Notification: found.Notification, Order: row.OrderID,
		By: u.name, At: at, Reason: strings.TrimSpace(r.PostFormValue("reason")), Status: records.AssignmentWithdrawn}
	auth := "notification:" + a.Notification
	if a.Licence != "" {
		auth = "license:" + a.Licence
		if set := d.s.opts.Records; set != nil {
			if l, ok := set.Licence(a.Licence); ok {
				auth = string(l.Kind) + ":" + a.Licence
			}
		}
	}
	doc := append([]byte("# Withdrawn at the exportcheck review desk by "+comment(u.name)+" for ledger row "+strconv.FormatInt(row.Seq, 10)+
		", and kept in the ledger.\n# It replaces the assignment made before; in git, replace that file with this one.\n"), a.YAML()...)
	if err := d.parse(a.FileName(), doc); err != nil {
		d.renderLine(w, r, u, row, http.StatusUnprocessableEntity, recordErrors(err), nil)
		return
	}
	d.keep(w, r, u, row, ledger.Action{Kind: ledger.KindAssignment, Line: row, Name: a.FileName(), Record: doc, Outcome: string(records.AssignmentWithdrawn), Auth: auth},
		withdrawalBears(row.EndUser, auth, func(set *records.Set) bool {
			return slices.ContainsFunc(inForceIn(set, row.EndUser), func(x inForce) bool { return x.value() == found.value() })
		}), time.Now())
}

// recordErrors are a record's problems, for the page.
func recordErrors(err error) []string {
	var errs records.Errors
	if !errors.As(err, &errs) {
		return []string{err.Error()}
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Msg)
	}
	return msgs
}

// recordFile is a record kept in the ledger (a clearance, an assignment),
// as the YAML file for the records in git.
func (d *desk) recordFile(w http.ResponseWriter, r *http.Request) {
	u := d.reviewer(w, r)
	if u == nil {
		return
	}
	row := d.row(w, r, u)
	if row == nil {
		return
	}
	if !row.IsAction() {
		d.message(w, u, http.StatusNotFound, "No such record", fmt.Sprintf("Ledger row %d is a %s, not a reviewer's record.", row.Seq, row.Kind), "/desk/", "Back to the queue")
		return
	}
	b, err := row.Record()
	if err != nil { // a record row that does not read: not "no such record"
		d.s.opts.Logger.Error("desk: a kept record does not read", "row", row.Seq, "err", err)
		d.message(w, u, http.StatusInternalServerError, "The record cannot be read", fmt.Sprintf("Ledger row %d holds a reviewer's record that cannot be read (the server's log says why).", row.Seq), "/desk/", "Back to the queue")
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+recordName(row)+`"`)
	w.Write(b)
}

// comment is s for a YAML comment: quoted, in printable ASCII (a line or
// paragraph separator in an order id must not end the comment).
func comment(s string) string { return strconv.QuoteToASCII(s) }

// licenceRow is a licence as the licences page shows it: Extended is how
// BIS extended a licence ("" for not), shown beside its expiry; Listed the
// Federal Register citations of a VEU's listing in Supplement No. 7 to
// part 748 ("none" when it gives none, "-" for a BIS licence).
type licenceRow struct {
	Number, Kind, Status, Expires, Extended, Listed, Covers, Destinations, Consignee, EndUsers, Limits, Remaining string
}

// licences shows the licences and VEUs on record, what remains on each
// after the shipments committed to the ledger, and those expiring within
// 30, 60 or 90 days (?expiring=DAYS). Its dates (expiry, the day a
// revocation took effect, a notification filed) are written by humanDate,
// as the rest of the desk writes them; an extension is the file's text.
func (d *desk) licences(w http.ResponseWriter, r *http.Request) {
	u := d.reviewer(w, r)
	if u == nil {
		return
	}
	p := d.page(u, "Licences")
	type soon struct{ Days, N int }
	data := struct {
		page
		NoRecords bool
		All       int
		Soon      []soon
		Within    int
		Caption   string
		Licences  []licenceRow
		Notified  []notificationRow
	}{page: p, Caption: "Licences and VEUs on record"}
	set := d.s.opts.Records
	if set == nil {
		data.NoRecords = true
		d.render(w, http.StatusOK, "licences.html", data)
		return
	}
	if x := r.URL.Query().Get("expiring"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n <= 0 || n > 3660 {
			d.message(w, u, http.StatusBadRequest, "Bad filter", "expiring: "+x+" is not a number of days", "/desk/licences", "All licences")
			return
		}
		data.Within = n
		data.Caption = "Licences and VEUs expiring within " + x + " days"
	}
	now := time.Now().UTC()
	today := now.Format(time.DateOnly)
	// How each licence and notification stands today is the policy's:
	// its status, whether it is withdrawn, why it covers no line.
	standing, err := d.s.Checker().Standings(r.Context(), today)
	if err != nil {
		d.s.opts.Logger.Error("the policy's standing of the licences", "method", r.Method, "path", r.URL.Path, "token", u.name, "err", err)
		d.message(w, u, http.StatusInternalServerError, "The licences cannot be shown",
			"The policy did not say how the licences stand today (the server's log says why).", "", "")
		return
	}
	// Expiring: what to renew, not a licence revoked or suspended by now.
	within := func(l *records.Licence, days int) bool {
		return l.Expires != "" && l.Expires >= today && l.Expires <= now.AddDate(0, 0, days).Format(time.DateOnly) && !standing.Licence(l.Number).Withdrawn
	}
	var drawn map[string]map[string]float64
	if l := d.s.opts.Ledger; l != nil {
		var err error
		if drawn, err = l.DrawnByRecordKey(r.Context()); err != nil {
			d.ledgerFault(w, r, u, err)
			return
		}
	}
	data.All = len(set.Licences)
	for _, days := range []int{30, 60, 90} {
		n := 0
		for i := range set.Licences {
			if within(&set.Licences[i], days) {
				n++
			}
		}
		data.Soon = append(data.Soon, soon{days, n})
	}
	for i := range set.Licences {
		l := &set.Licences[i]
		if data.Within > 0 && !within(l, data.Within) {
			continue
		}
		listed := "-"
		if l.Kind == records.KindVEU {
			listed = cmp.Or(strings.Join(l.FederalRegister, ", "), "none")
		}
		st := standing.Licence(l.Number)
		row := licenceRow{Number: l.Number, Kind: kindText(string(l.Kind)), Status: records.StatusText(st, humanDate), Expires: records.ExpiryInAs(l.Expires, today, humanDate), Extended: l.Extended, Listed: listed,
			Covers: strings.Join(slices.Concat(l.Items.Products, l.Items.ECCNs), ", "), Destinations: strings.Join(l.Destinations, ", "),
			Consignee: cmp.Or(l.Consignee, "none named"), EndUsers: strings.Join(l.EndUsers, "; "), Limits: l.LimitsText(nil), Remaining: "no ledger"}
		if drawn != nil {
			row.Remaining = l.Remaining(drawn[checker.RecordKey(string(l.Kind), l.Number)], humanFaults(st.Faults))
		}
		data.Licences = append(data.Licences, row)
	}
	if data.Within == 0 { // notifications do not expire
		for _, n := range set.Notifications {
			st := standing.Notification(n.BISReference)
			row := notificationRow{Reference: n.BISReference, Exception: string(n.Exception), Status: records.StatusText(st, humanDate), Filed: humanDate(n.FiledOn),
				Covers: strings.Join(slices.Concat(n.Items.Products, n.Items.ECCNs), ", "), Destination: n.Destination, EndUser: n.EndUser,
				Consignee: cmp.Or(n.Consignee, "none named"), Quantity: records.Amount(float64(n.Quantity)), Remaining: "no ledger"}
			if drawn != nil {
				row.Remaining = n.Remaining(drawn[checker.RecordKey("notification", n.BISReference)], humanFaults(st.Faults))
			}
			data.Notified = append(data.Notified, row)
		}
	}
	d.render(w, http.StatusOK, "licences.html", data)
}

// humanFaults are the policy's words of a record's faults, each day in
// them written as the page writes dates ("revoked 2 Mar 2026", "usable
// from 26 Jan 2026").
func humanFaults(faults []string) []string {
	out := make([]string, len(faults))
	for i, f := range faults {
		out[i] = isoDate.ReplaceAllStringFunc(f, humanDate)
	}
	return out
}

type notificationRow struct {
	Reference, Exception, Status, Filed, Covers, Destination, EndUser, Consignee, Quantity, Remaining string
}

// lookup classifies a product on a date (?product=&date=) and screens a
// name (?name=&on=), as the API's classification and screen routes do.
func (d *desk) lookup(w http.ResponseWriter, r *http.Request) {
	u := d.reviewer(w, r)
	if u == nil {
		return
	}
	p := d.page(u, "Look up")
	q := r.URL.Query()
	today := time.Now().UTC().Format(time.DateOnly)
	data := struct {
		page
		Product, Date, ProductError string
		Classification              *checker.Classification
		Name, On, NameError         string
		Screened                    bool
		Hits                        []*checker.ScreeningFact
		Flags                       []checker.NameFlag
	}{page: p, Product: strings.TrimSpace(q.Get("product")), Date: cmp.Or(q.Get("date"), today), Name: strings.TrimSpace(q.Get("name")), On: cmp.Or(q.Get("on"), today)}
	status := http.StatusOK
	c := d.s.current.Load()
	if data.Product != "" {
		if err := checker.DateError(data.Date); err != nil {
			data.ProductError, status = "date "+data.Date+": "+err.Error(), http.StatusBadRequest
		} else if cl, err := c.Classify(r.Context(), data.Product, data.Date); err != nil {
			data.ProductError, status = err.Error(), http.StatusNotFound
		} else {
			data.Classification = cl
		}
	}
	if data.Name != "" {
		if err := checker.DateError(data.On); err != nil {
			data.NameError, status = "date "+data.On+": "+err.Error(), http.StatusBadRequest
		} else if hits, flags, ok, err := c.ScreenName(r.Context(), data.Name, data.On); err != nil {
			data.NameError, status = err.Error(), http.StatusInternalServerError
		} else if !ok {
			data.NameError, status = "Screening is off: "+screeningOff+".", http.StatusConflict
		} else {
			data.Screened, data.Hits, data.Flags = true, hits, flags
		}
	}
	d.render(w, status, "lookup.html", data)
}

// num writes a figure for people: 15,832 or 5.92.
func num(p *float64) string { return records.Amount(math.Round(*p*100) / 100) }

// why is the reason that decided a line (checker.Result.HeadlineReason), for the
// queue's one-line summary, saying how many more it has beside its
// classification: a screening match is not hidden behind another reason.
func why(row *ledger.Row) string {
	r := checker.Result{Exception: row.Exception, Headline: row.Headline}
	if err := json.Unmarshal([]byte(cmp.Or(row.Reasons, "[]")), &r.Reasons); err != nil {
		return "(its reasons cannot be read from the ledger: open the line)"
	}
	if d, err := checker.ParseDecision(row.Decision); err == nil {
		r.Decision = d
	}
	x := r.HeadlineReason()
	return x.Message + reports.AndMore(&r, x)
}

func decisionText(d string) string {
	switch d {
	case "license_required":
		return "licence required"
	case "exception":
		return "licence exception"
	}
	return d
}

// isoDate is a day as the policy and the records write it, in a text.
var isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// humanDate writes YYYY-MM-DD as people read it, 2 Mar 2026, and a time
// (RFC 3339) as 2 Mar 2026 14:05 UTC.
func humanDate(s string) string {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format("2 Jan 2006")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	return s
}
