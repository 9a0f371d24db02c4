package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/bundles"
	"github.com/exportcheck/exportcheck/checker"
)

// bench serve: exportcheck serve against opa run --server, loaded with the
// same policies and data, driven with the same single orders.

type benchServeOpts struct {
	opa         string
	connections int
	duration    time.Duration
	warmup      time.Duration
	mix         int
	agree       int
	seed        uint64
	maxRequests int64
	floor       string // serve the floor at this address, and nothing else
}

func newBenchServeCmd(e *env) *cobra.Command {
	o := &benchServeOpts{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Drive exportcheck serve and opa run --server on the same bundle; print both",
		Long: `Start two servers on loopback: exportcheck serve, and opa run --server loaded with a bundle of
the same policies and data (built and signed here, verified by opa). Build a mix of single orders,
check that both servers decide each of the first --agree alike, then drive each in turn from
--connections connections (one order a request, after --warmup) for --duration, and print
requests/s, p50 and p99 of each and the ratio. A third server, the floor, is net/http with a
handler that does nothing, driven the same way: what the machine and the load generator allow.

exportcheck serve is sent the order (POST /v1/check); opa is sent the order as the policy reads it,
the input document exportcheck builds (POST /v1/data/exportcheck/results). The opa binary is --opa,
or the one the pinned OPA module builds (go tool -n opa, run in the exportcheck repository).`,
		Example: `  exportcheck bench serve --duration 10s --connections 64`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBenchServe(cmd.Context(), e, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.opa, "opa", "", "the opa binary at `PATH` (default: go tool -n opa, the pinned OPA module's)")
	fl.IntVar(&o.connections, "connections", 64, "`N` concurrent connections to each server")
	fl.DurationVar(&o.duration, "duration", 10*time.Second, "drive each server for `DURATION`")
	fl.DurationVar(&o.warmup, "warmup", 2*time.Second, "`DURATION` of load before the measurement, not counted")
	fl.Int64Var(&o.maxRequests, "requests", 0, "stop each measurement after `N` requests (0: only --duration)")
	fl.IntVar(&o.mix, "orders", 5000, "`N` orders in the request mix (random products, destinations, dates and end users)")
	fl.IntVar(&o.agree, "agree", 500, "`N` orders of the mix both servers must decide alike before the measurement")
	fl.Uint64Var(&o.seed, "seed", 1, "the random `SEED` of the mix")
	fl.StringVar(&o.floor, "serve-floor", "", "")
	fl.MarkHidden("serve-floor") // how bench serve starts the floor
	return cmd
}

// served is a server started for the benchmark.
type served struct {
	name   string
	addr   string
	cmd    *exec.Cmd
	log    *syncBuffer // its standard output and error, written while it runs
	path   string      // the route orders are posted to
	reqs   [][]byte    // the whole HTTP requests, one per order of the mix
	ready  string      // GET this until 200
	exited chan struct{}
}

func runBenchServe(ctx context.Context, e *env, o *benchServeOpts) error {
	if o.floor != "" {
		return serveFloor(ctx, o.floor)
	}
	if o.connections < 1 || o.mix < 1 {
		return fmt.Errorf("--connections and --orders must be at least 1")
	}
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "exportcheck-bench-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	opa := o.opa
	if opa == "" {
		if opa, err = pinnedOPA(ctx, e, dir); err != nil {
			return err
		}
	}

	// The bundle opa loads: the same policies and data, signed with a
	// secret of this run, which opa verifies.
	secret := make([]byte, 32)
	rand.Read(secret)
	key := hex.EncodeToString(secret)
	bundle := filepath.Join(dir, "bundle.tar.gz")
	f, err := os.Create(bundle)
	if err != nil {
		return err
	}
	if _, err := bundles.Build(ctx, f, nil, nil, bundles.Signing{Key: []byte(key), Algorithm: "HS256"}, version, time.Now()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}

	// The mix: single orders over the catalog's popular products, many
	// destinations, four years of dates and many end users.
	floor := &served{name: "net/http floor", path: "/v1/check", ready: "/"}
	xc := &served{name: "exportcheck serve", path: "/v1/check", ready: "/readyz"}
	op := &served{name: "opa run --server", path: "/v1/data/exportcheck/results", ready: "/health?bundles=true"}
	products := []string{"nvidia-h20", "nvidia-l40s", "nvidia-rtx-4090", "nvidia-h100-sxm5", "nvidia-rtx-4090d", "nvidia-a100-sxm4-80gb",
		"nvidia-l20", "nvidia-h800-sxm5", "nvidia-rtx-4060", "nvidia-l4", "nvidia-h200-sxm", "amd-mi300x", "nvidia-b200"}
	countries := []string{"CN", "DE", "AE", "JP", "IN", "SG", "US", "BR", "HK", "SA", "VN", "MY", "IL", "TW", "FR", "MX"}
	r := mrand.New(mrand.NewPCG(o.seed, 3))
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range o.mix {
		order := checker.Order{ID: fmt.Sprint(i + 1), Product: products[r.IntN(len(products))], Quantity: fmt.Sprint(1 + r.IntN(16)),
			Destination: countries[r.IntN(len(countries))], EndUser: fmt.Sprintf("Customer %d", r.IntN(1000)),
			Date: start.AddDate(0, 0, r.IntN(365*3+300)).Format(time.DateOnly)}
		in, err := c.PolicyInput(ctx, order)
		if err != nil {
			return fmt.Errorf("order %d of the mix: %w", i+1, err)
		}
		body, err := json.Marshal(map[string]string{"id": order.ID, "product": order.Product, "quantity": order.Quantity,
			"destination": order.Destination, "end_user": order.EndUser, "date": order.Date})
		if err != nil {
			return err
		}
		xc.reqs = append(xc.reqs, httpRequest(xc.path, body))
		op.reqs = append(op.reqs, httpRequest(op.path, slices.Concat([]byte(`{"input":`), in, []byte(`}`))))
	}

	floor.reqs = xc.reqs
	all := []*served{floor, xc, op}
	for _, s := range all {
		if s.addr, err = freeAddr(); err != nil {
			return err
		}
	}
	// This program, as it was started (a test's binary is started as
	// exportcheck through a link on the PATH).
	self, err := exec.LookPath(os.Args[0])
	if err != nil {
		if self, err = os.Executable(); err != nil {
			return err
		}
	}
	// Screening is not what is compared: the policy input exportcheck
	// builds for opa has none either.
	xc.cmd = exec.Command(self, "serve", "--listen", xc.addr, "--screening-list", "none")
	if p := os.Getenv("EXPORTCHECK_CPUPROFILE"); p != "" { // the server's profile, apart from this command's
		xc.cmd.Env = append(os.Environ(), "EXPORTCHECK_CPUPROFILE="+p+".serve")
	}
	floor.cmd = exec.Command(self, "bench", "serve", "--serve-floor", floor.addr)
	op.cmd = exec.Command(opa, "run", "--server", "--addr", op.addr, "--bundle", bundle,
		"--verification-key", key, "--verification-key-id", bundles.DefaultKeyID, "--signing-alg", "HS256",
		"--skip-version-check", "--log-level", "error")
	for _, s := range all {
		s.log = &syncBuffer{}
		s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
		if err := s.cmd.Start(); err != nil {
			return fmt.Errorf("starting %s: %w", s.name, err)
		}
		s.exited = make(chan struct{})
		go func() { s.cmd.Wait(); close(s.exited) }()
		defer func() { // asked to stop (a profile is written), then made to
			s.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-s.exited:
			case <-time.After(10 * time.Second):
				s.cmd.Process.Kill()
				<-s.exited
			}
		}()
	}
	client := &http.Client{Timeout: 30 * time.Second}
	for _, s := range all {
		if err := waitReady(ctx, client, s); err != nil {
			return err
		}
	}

	// Both decide alike, or the comparison means nothing.
	for i := range min(o.agree, o.mix) {
		a, err := decisionOf(client, xc, i, func(b []byte) (string, error) {
			var v struct{ Results []struct{ Decision string } }
			err := json.Unmarshal(b, &v)
			if err == nil && len(v.Results) != 1 {
				err = fmt.Errorf("%d results", len(v.Results))
			}
			if err != nil {
				return "", err
			}
			return v.Results[0].Decision, nil
		})
		if err != nil {
			return err
		}
		b, err := decisionOf(client, op, i, func(b []byte) (string, error) {
			var v struct{ Result []struct{ Decision string } }
			err := json.Unmarshal(b, &v)
			if err == nil && len(v.Result) != 1 {
				err = fmt.Errorf("%d results", len(v.Result))
			}
			if err != nil {
				return "", err
			}
			return v.Result[0].Decision, nil
		})
		if err != nil {
			return err
		}
		if a != b {
			return fmt.Errorf("order %d of the mix: exportcheck decides %s, opa %s: the servers do not judge alike\n%s", i+1, a, b, xc.reqs[i])
		}
	}

	fmt.Fprintf(e.stdout, "A mix of %d single orders, %d connections, %s each after %s warm-up; both servers decided the first %d alike.\n",
		o.mix, o.connections, o.duration, o.warmup, min(o.agree, o.mix))
	fmt.Fprintf(e.stdout, "The floor is a net/http server whose handler does nothing (it answers %d bytes): what this machine and load generator allow.\n\n", len(floorBody))
	var results []loadResult
	for _, s := range all {
		if o.warmup > 0 {
			// A warm-up that completes no request (a loaded machine, the
			// servers already warmed by the agreement above) is no fault;
			// the measurement after it must complete some.
			if _, err := drive(ctx, s, o.connections, o.warmup, 0); err != nil && !errors.Is(err, errNoRequest) {
				return err
			}
		}
		res, err := drive(ctx, s, o.connections, o.duration, o.maxRequests)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVER\tREQUESTS\tREQUESTS/S\tP50 MS\tP99 MS\tERRORS")
	for i, s := range all {
		r := results[i]
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%d\n", s.name, r.requests, r.perSecond(), ms(r.p50), ms(r.p99), r.errors)
	}
	tw.Flush()
	rf, rx, ro := results[0], results[1], results[2]
	fmt.Fprintf(e.stdout, "\nexportcheck serves %.1f× the requests/s of opa run --server (p99 %.2f ms against %.2f ms), and %.0f %% of the floor's (p99 %.2f ms).\n",
		rx.perSecond()/math.Max(ro.perSecond(), 1e-9), ms(rx.p99), ms(ro.p99), 100*rx.perSecond()/math.Max(rf.perSecond(), 1e-9), ms(rf.p99))
	if rx.errors+ro.errors > 0 {
		return fmt.Errorf("%d requests to exportcheck and %d to opa failed", rx.errors, ro.errors)
	}
	return nil
}

// floorBody is what the floor answers: about the size of exportcheck's
// answer to one order.
var floorBody = []byte(`{"results":[` + strings.Repeat(" ", 1200) + `]}`)

// serveFloor answers every request with floorBody until ctx ends.
func serveFloor(ctx context.Context, addr string) error {
	srv := &http.Server{Addr: addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(floorBody)
	})}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// pinnedOPA builds opa from the OPA module this program was built with:
// go tool -n opa in the exportcheck repository (the tool go.mod pins), or
// else go install of that module's version into dir.
func pinnedOPA(ctx context.Context, e *env, dir string) (string, error) {
	fmt.Fprintln(e.stderr, "building opa from the pinned OPA module …")
	if out, err := exec.CommandContext(ctx, "go", "tool", "-n", "opa").Output(); err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	v := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/open-policy-agent/opa" {
				v = d.Version
			}
		}
	}
	if v == "" {
		return "", fmt.Errorf("this build does not name its OPA module: give --opa PATH")
	}
	cmd := exec.CommandContext(ctx, "go", "install", "github.com/open-policy-agent/opa@"+v)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building opa %s: %w: %s (give --opa PATH)", v, err, bytes.TrimSpace(out))
	}
	return filepath.Join(dir, "opa"), nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// httpRequest is a whole HTTP/1.1 POST of a JSON body.
func httpRequest(path string, body []byte) []byte {
	return fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", path, len(body), body)
}

// syncBuffer is a buffer a running command writes while the benchmark may
// read what it has written so far (a server that is not ready in time).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Bytes is a copy of what was written so far.
func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitReady(ctx context.Context, client *http.Client, s *served) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := client.Get("http://" + s.addr + s.ready)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not become ready at %s: %v; its output:\n%w", s.name, s.addr, err, outputLines(s.log.Bytes()))
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited: %s; its output:\n%w", s.name, s.cmd.ProcessState, outputLines(s.log.Bytes()))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// decisionOf posts order i of the mix to s and reads its decision.
func decisionOf(client *http.Client, s *served, i int, parse func([]byte) (string, error)) (string, error) {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(s.reqs[i])))
	if err != nil {
		return "", err
	}
	req.RequestURI, req.URL.Scheme, req.URL.Host = "", "http", s.addr
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.name, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: order %d of the mix: %s: %s", s.name, i+1, resp.Status, b)
	}
	d, err := parse(b)
	if err != nil {
		return "", fmt.Errorf("%s: order %d of the mix: %w: %s", s.name, i+1, err, b)
	}
	return d, nil
}

// loadResult is one server's measurement.
type loadResult struct {
	requests, errors int64
	elapsed          time.Duration
	p50, p99         time.Duration
}

func (r loadResult) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// errNoRequest: a drive in which no request completed.
var errNoRequest = errors.New("no request completed")

// drive sends the mix to s from n connections, one request at a time on
// each, for d or until max requests (when > 0), and measures each
// request's latency. The requests are written whole and the responses read
// with net/http's parser: the load generator costs little of the two cores
// it shares with the server.
func drive(ctx context.Context, s *served, n int, d time.Duration, max int64) (loadResult, error) {
	var next, sent, failed atomic.Int64
	lats := make([][]time.Duration, n)
	errs := make([]error, n)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	begin := time.Now()
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			conn, err := net.Dial("tcp", s.addr)
			if err != nil {
				errs[w] = err
				return
			}
			defer conn.Close()
			context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
			br := bufio.NewReaderSize(conn, 64<<10)
			for ctx.Err() == nil {
				i := next.Add(1)
				if max > 0 && i > max {
					return
				}
				t := time.Now()
				if _, err := conn.Write(s.reqs[int(i)%len(s.reqs)]); err != nil {
					break
				}
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					break
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					break
				}
				lats[w] = append(lats[w], time.Since(t))
				sent.Add(1)
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
			}
			if ctx.Err() == nil && (max == 0 || next.Load() <= max) {
				errs[w] = fmt.Errorf("%s: the connection broke off", s.name)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	if err := errors.Join(errs...); err != nil {
		return loadResult{}, err
	}
	all := slices.Concat(lats...)
	if len(all) == 0 {
		return loadResult{}, fmt.Errorf("%s: %w", s.name, errNoRequest)
	}
	slices.Sort(all)
	return loadResult{requests: sent.Load(), errors: failed.Load(), elapsed: elapsed,
		p50: all[len(all)/2], p99: all[min(len(all)-1, len(all)*99/100)]}, nil
}
