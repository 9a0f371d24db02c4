package main

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/screening"
)

// closedAddr is the address of a listener on loopback, closed: a
// connection to it is refused.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestListsUpdateNetwork: a list that cannot be downloaded for the
// network's sake is said in plain words for compliance staff (from which
// host, and why), with what to do and the cached list unchanged, and the
// error underneath last for whoever runs the machine. No test here
// reaches past loopback: the unresolvable host is answered by an injected
// dialer, as the resolver answers a name under .invalid.
func TestListsUpdateNetwork(t *testing.T) {
	const check = "check that this machine is on the network and, if it reaches the internet through a proxy, that HTTPS_PROXY names it"
	refused := closedAddr(t)
	proxy := closedAddr(t)
	silent, err := net.Listen("tcp", "127.0.0.1:0") // takes connections, answers none
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	noSuchHost := func() *http.Client { // as net.Dialer fails for a name that does not resolve
		t := listClient().Transport.(*http.Transport)
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
		return &http.Client{Transport: t}
	}
	viaProxy := func() *http.Client {
		t := listClient().Transport.(*http.Transport)
		t.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: proxy})
		return &http.Client{Transport: t}
	}
	for _, tt := range []struct {
		name, url string
		client    func() *http.Client
		tries     int
		want      string // the error, but for the text after "(The error: ", which is Go's
		detail    string // in Go's error
	}{
		{"refused", "http://" + refused + "/consolidated.csv", listClient, 3,
			"the screening list could not be downloaded from " + refused + ": the connection was refused (nothing answers at that address, or a firewall turns connections away) (tried 3 times). The cached list is unchanged; " + check + ".",
			"connection refused"},
		{"no such host", "https://data.exportcheck.invalid/consolidated.csv", noSuchHost, 1,
			"the screening list could not be downloaded from data.exportcheck.invalid: its name could not be looked up: no such host is known (is the name right?). The cached list is unchanged; " + check + ".",
			"lookup data.exportcheck.invalid: no such host"},
		{"proxy refused", "http://data.exportcheck.invalid/consolidated.csv", viaProxy, 3,
			"the screening list could not be downloaded from data.exportcheck.invalid: the proxy at " + proxy + " could not be reached: the connection was refused (nothing answers at that address, or a firewall turns connections away) (tried 3 times). The cached list is unchanged; check the proxy that HTTPS_PROXY (or HTTP_PROXY) names, or ask whoever runs the network.",
			"proxyconnect tcp: dial tcp " + proxy + ": connect: connection refused"},
		{"no answer", "http://" + silent.Addr().String() + "/consolidated.csv", listClient, 3,
			"the screening list could not be downloaded from " + silent.Addr().String() + ": no answer came within ", // then the time
			"timeout awaiting response headers"},
		{"certificate", tlsSrv.URL + "/consolidated.csv", listClient, 1,
			"the screening list could not be downloaded from " + strings.TrimPrefix(tlsSrv.URL, "https://") + ": its certificate is signed by an authority this machine does not trust (a proxy that inspects HTTPS?). The cached list is unchanged; check that the URL is the list's and, if a proxy inspects HTTPS here, that this machine trusts its authority (ask whoever runs the network).",
			"certificate signed by unknown authority"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var waits []time.Duration
			fastTries(t, &waits)
			dir := t.TempDir()
			_, err := updateList(context.Background(), tt.client(), tt.url, dir, "", time.Now().UTC(), false, screening.Coverage{})
			if err == nil {
				t.Fatal("no error")
			}
			got, detail, ok := strings.Cut(err.Error(), " (The error: ")
			if !ok || !strings.HasPrefix(got, tt.want) || !strings.Contains(detail, tt.detail) || strings.Contains(got, `Get "`) {
				t.Errorf("error\n%s\nwant\n%s (The error: …%s…)", err, tt.want, tt.detail)
			}
			if len(waits) != tt.tries-1 {
				t.Errorf("waited %d times, want %d tries", len(waits), tt.tries)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files left in the cache directory", len(entries))
			}
		})
	}
}

// TestListsUpdateInvalidTLD: a name under .invalid, which never resolves,
// read by this machine's own resolver: said as the injected dialer of
// TestListsUpdateNetwork says it. Skipped where the resolver does not
// answer at once (no DNS, or one that makes the test wait on it).
func TestListsUpdateInvalidTLD(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var dns *net.DNSError
	if _, err := net.DefaultResolver.LookupHost(ctx, "data.exportcheck.invalid"); !errors.As(err, &dns) || !dns.IsNotFound {
		t.Skipf("this machine's resolver does not say at once that a .invalid name is not found: %v", err)
	}
	fastTries(t, new([]time.Duration))
	_, err := updateList(context.Background(), listClient(), "https://data.exportcheck.invalid/consolidated.csv", t.TempDir(), "", time.Now().UTC(), false, screening.Coverage{})
	want := "the screening list could not be downloaded from data.exportcheck.invalid: its name could not be looked up: no such host is known (is the name right?). The cached list is unchanged; "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v\nwant %s…", err, want)
	}
}

// TestRoundWait: how long a try waited for an answer, in words.
func TestRoundWait(t *testing.T) {
	for d, want := range map[time.Duration]string{
		300 * time.Millisecond: "0.3 seconds", time.Second: "1 second", 30*time.Second + 400*time.Millisecond: "30 seconds",
		time.Minute: "1 minute", 65 * time.Second: "1 minute 5 seconds", 2*time.Minute + time.Second: "2 minutes 1 second",
	} {
		if got := roundWait(d); got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
}
