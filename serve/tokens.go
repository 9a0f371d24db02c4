package serve

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/internal/yamlerr"
)

// Roles a token may hold.
const (
	RoleCheck  = "check"  // check orders, screen names, look up products and countries
	RoleReview = "review" // the review desk and adjudication
	RoleAdmin  = "admin"  // reload the policy bundle
)

// Token is one bearer token as the tokens file holds it: its name, the
// SHA-256 of the token (the token itself is never stored) and its roles.
type Token struct {
	Name   string   `yaml:"name"`
	SHA256 string   `yaml:"sha256"`
	Roles  []string `yaml:"roles"`
}

// Tokens are the tokens a server accepts, by the hash of the token.
type Tokens struct {
	byHash map[[32]byte]*Token
}

// LoadTokens reads a tokens file: {tokens: [{name, sha256, roles}]}.
// Every problem is an error naming the file and line.
func LoadTokens(path string) (*Tokens, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ts, _, err := parseTokens(path, b)
	return ts, err
}

// tokensFile is a tokens file as parsed: its top mapping, the value of
// its tokens: key (nil when there is none) and the line of each entry's
// name, by the name in lower case.
type tokensFile struct {
	doc, list *yaml.Node
	names     map[string]int
}

// parseTokens reads the content of a tokens file named path. The file is
// returned with an error too when only its list of tokens is empty.
func parseTokens(path string, b []byte) (*Tokens, *tokensFile, error) {
	f := &tokensFile{}
	// The file is read as nodes, so that a file of another shape (the
	// output of serve token pasted whole, a bare list of entries) is
	// told what the file holds rather than the decoder's Go types.
	const (
		shape      = "a tokens file holds one key, tokens:, with a list of the entries exportcheck serve token prints"
		entryShape = "a token entry is name: NAME, sha256: its SHA-256 in hex and roles: a list (check, review, admin), as exportcheck serve token prints it"
	)
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		return nil, f, fmt.Errorf("%s: no tokens: %s", path, shape)
	} else if err != nil {
		return nil, nil, notYAML(path, b, err)
	}
	// One document: the tokens of a second (after ---) would otherwise
	// be dropped without a word, and a token added there refused as if
	// it were not in the file. An empty one (a --- at the end) holds none.
	for {
		var more yaml.Node
		err := dec.Decode(&more)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, notYAML(path, b, err)
		}
		if len(more.Content) == 1 && more.Content[0].Kind == yaml.ScalarNode && more.Content[0].Tag == "!!null" {
			continue
		}
		line := max(more.Line, 1)
		if len(more.Content) > 0 {
			line = more.Content[0].Line
		}
		return nil, nil, fmt.Errorf("%s:%d: a second YAML document (after ---): %s", path, line, shape)
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("%s:%d: %s", path, doc.Line, shape)
	}
	f.doc = doc
	var list []*yaml.Node
	seen := 0
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch {
		case k.Value != "tokens":
			return nil, nil, fmt.Errorf("%s:%d: unknown key %q: %s", path, k.Line, k.Value, shape)
		case seen != 0:
			return nil, nil, fmt.Errorf("%s:%d: tokens: is also at line %d: put every entry in one list", path, k.Line, seen)
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		case v.Kind != yaml.SequenceNode:
			return nil, nil, fmt.Errorf("%s:%d: tokens: want a list of entries (- name: …, sha256: …, roles: […]), as exportcheck serve token prints them", path, v.Line)
		default:
			list = append(list, v.Content...)
		}
		seen, f.list = k.Line, v
	}
	ts := &Tokens{byHash: map[[32]byte]*Token{}}
	names := map[string]int{}
	f.names = names
	lines := map[[32]byte]int{} // where each token's entry is
	for _, n := range list {
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; !slices.Contains([]string{"name", "sha256", "roles"}, k.Value) {
				return nil, nil, fmt.Errorf("%s:%d: unknown field %q (name, sha256, roles)", path, k.Line, k.Value)
			}
		}
		var t Token
		if n.Kind != yaml.MappingNode || n.Decode(&t) != nil {
			return nil, nil, fmt.Errorf("%s:%d: %s", path, n.Line, entryShape)
		}
		where := fmt.Sprintf("%s:%d", path, n.Line)
		h, err := hex.DecodeString(t.SHA256)
		switch nerr := CheckTokenName(t.Name); {
		case nerr != nil:
			return nil, nil, fmt.Errorf("%s: %w", where, nerr)
		case err != nil || len(h) != sha256.Size:
			return nil, nil, fmt.Errorf("%s: token %s: sha256 must be the token's SHA-256 in hex (64 digits; exportcheck serve token makes one)", where, t.Name)
		case len(t.Roles) == 0:
			return nil, nil, fmt.Errorf("%s: token %s has no roles (check, review, admin)", where, t.Name)
		}
		for _, r := range t.Roles {
			if !slices.Contains([]string{RoleCheck, RoleReview, RoleAdmin}, r) {
				return nil, nil, fmt.Errorf("%s: token %s: unknown role %q (check, review, admin)", where, t.Name, r)
			}
		}
		if prev, ok := names[strings.ToLower(t.Name)]; ok {
			return nil, nil, fmt.Errorf("%s: token %s is also named at line %d (names are compared in any case: the ledger and the desk record a token by its name)", where, t.Name, prev)
		}
		names[strings.ToLower(t.Name)] = n.Line
		k := [32]byte(h)
		if prev, ok := ts.byHash[k]; ok {
			// One token under two names: the ledger and the desk
			// could not tell who acted, nor could it be revoked for
			// one holder alone.
			return nil, nil, fmt.Errorf("%s: token %s has the same sha256 as token %s at line %d: give each holder a token of their own (exportcheck serve token)", where, t.Name, prev.Name, lines[k])
		}
		ts.byHash[k], lines[k] = &t, n.Line
	}
	switch {
	case len(ts.byHash) > 0:
	case seen != 0: // tokens: [], as written
		return nil, f, fmt.Errorf("%s: %w: %s", path, errNoTokens, shape)
	default:
		return nil, f, fmt.Errorf("%s: no tokens: %s", path, shape)
	}
	return ts, f, nil
}

// AddToken adds a token's entry to the content b of the tokens file named
// path (empty: a new file) and returns the new content. The file must
// load, but for having no tokens yet, and must not name the token
// already (in any case, as serve compares names). The entry is appended
// as serve token prints it, at the list's indentation, so that the rest
// of the file (comments, order, quoting) is kept as written; a list
// written in flow style ([...]) or left empty is written out again.
func AddToken(path string, b []byte, t Token) ([]byte, error) {
	// parseTokens gives the file back with an error only when the file
	// is empty, comments only or an empty list: a place for the entry.
	_, f, err := parseTokens(path, b)
	if f == nil {
		return nil, err
	}
	if line, ok := f.names[strings.ToLower(t.Name)]; ok {
		return nil, fmt.Errorf("%s:%d: a token of that name is there already (names are compared in any case): give %s another name, or take that entry out first", path, line, t.Name)
	}
	entry, err := yaml.Marshal([]Token{t})
	if err != nil {
		return nil, err
	}
	var out []byte
	switch {
	case f.list != nil && f.list.Kind == yaml.SequenceNode && f.list.Style&yaml.FlowStyle == 0 && len(f.list.Content) > 0:
		out = append(bytes.Clone(b), '\n')
		out = bytes.TrimRight(out, "\n")
		out = append(out, '\n')
		out = append(out, indentLines(entry, strings.Repeat(" ", f.list.Column-1))...)
	case f.doc == nil || len(f.doc.Content) == 0: // nothing yet, or comments only
		out = append(bytes.TrimRight(bytes.Clone(b), "\n"), '\n')
		if len(bytes.TrimSpace(b)) == 0 {
			out = nil
		}
		out = append(out, "tokens:\n"...)
		out = append(out, indentLines(entry, "  ")...)
	default: // tokens: [] or tokens: with nothing after it
		var n yaml.Node
		if err := yaml.Unmarshal(entry, &n); err != nil {
			return nil, err
		}
		if f.list == nil || f.list.Kind != yaml.SequenceNode {
			*f.list = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		}
		f.list.Style = 0
		f.list.Content = append(f.list.Content, n.Content[0].Content...)
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(f.doc); err != nil {
			return nil, err
		}
		out = buf.Bytes()
	}
	// What serve would read: the entry is there, and the file loads.
	ts, _, err := parseTokens(path, out)
	if err != nil {
		return nil, fmt.Errorf("%s: adding the entry would make the file unreadable (%v): add it by hand", path, err)
	}
	if ts.lookupHash(t.SHA256) == nil {
		return nil, fmt.Errorf("%s: the entry could not be added to the file as written: add it by hand", path)
	}
	return out, nil
}

// indentLines puts prefix before every line of b.
func indentLines(b []byte, prefix string) []byte {
	var out []byte
	for line := range bytes.Lines(b) {
		out = append(out, prefix...)
		out = append(out, line...)
	}
	return out
}

// lookupHash is the token whose SHA-256 is h (hex), or nil.
func (ts *Tokens) lookupHash(h string) *Token {
	d, err := hex.DecodeString(h)
	if err != nil || len(d) != sha256.Size {
		return nil
	}
	return ts.byHash[[32]byte(d)]
}

// errNoTokens is a tokens file whose tokens: list is there but empty: a
// server started with it would answer no one, but a server reading it
// again is told to take every token away.
var errNoTokens = errors.New("no tokens")

// notYAML is the error of a tokens file that does not parse, at its line
// when the parser tells or it can be found.
func notYAML(path string, b []byte, err error) error {
	line, msg := yamlerr.Locate(err, b)
	if line == 0 { // not told, nor found
		return fmt.Errorf("%s: not YAML: %s", path, msg)
	}
	return fmt.Errorf("%s:%d: not YAML: %s", path, line, msg)
}

// CheckTokenName says what is wrong with a token's name, or nil: the
// ledger records who committed and the desk who adjudicated by it, so it
// must read as written (no spaces around it, nothing invisible).
func CheckTokenName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a token needs a name")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("token name %q: no spaces before or after it", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return fmt.Errorf("token name %q holds %U, a character that does not show: retype it", name, r)
		}
	}
	return nil
}

// lookup is the token a bearer token is, or nil.
func (ts *Tokens) lookup(bearer string) *Token {
	if bearer == "" {
		return nil
	}
	return ts.byHash[sha256.Sum256([]byte(bearer))]
}

// NewToken makes a random token for a name and roles: the token to give
// its holder (shown once) and its entry for the tokens file.
func NewToken(name string, roles []string) (string, Token) {
	b := make([]byte, 24)
	rand.Read(b)
	tok := "ec_" + hex.EncodeToString(b)
	h := sha256.Sum256([]byte(tok))
	return tok, Token{Name: name, SHA256: hex.EncodeToString(h[:]), Roles: roles}
}

// bearer is the token of an Authorization: Bearer header.
func bearer(h string) string {
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
