package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/yamlerr"
	"github.com/exportcheck/exportcheck/ledger"
)

// ConfigName is the project configuration file, found from the working
// directory up (or named with --config).
const ConfigName = ".exportcheck.yaml"

// config is a project's .exportcheck.yaml: the choices a team makes once
// and keeps in git next to its order books.
type config struct {
	Path      string `yaml:"-"` // the file read; "" when none was found
	Screening struct {
		// Lists names the screening lists: files (relative to the config
		// file), "cached" (the list `exportcheck lists update` keeps),
		// "demo" (the embedded excerpt) or "none".
		Lists []string `yaml:"lists"`
		// PartialLists names list files (relative to the config file)
		// that are deliberately not the whole Consolidated Screening List:
		// a company's own list screened beside it, a test's few entries.
		// They are not judged by what the whole list must hold
		// (data/screening.yaml, screening.csl); every other list is.
		PartialLists []string `yaml:"partial_lists"`
		// MaxAge is how old a list may be before it is stale: since it was
		// downloaded, or, when that is not known, since its newest entry
		// (NewestMaxAge).
		MaxAge       duration `yaml:"max_age"`
		NewestMaxAge duration `yaml:"newest_entry_max_age"`
		CacheDir     string   `yaml:"cache_dir"` // where `lists update` keeps the list
		URL          string   `yaml:"url"`       // where `lists update` downloads it from
		// ArchiveDir is where `lists update` keeps a copy of every list it
		// downloads, by its SHA-256, for the years an audit may ask for
		// it; "" keeps none.
		ArchiveDir string `yaml:"archive_dir"`
	} `yaml:"screening"`
	// ShipFrom is the country lines ship from when they do not say
	// (default US: exports from the United States).
	ShipFrom string `yaml:"ship_from"`
	// Strict makes warnings errors (exit 2): a stale list, a line shipping
	// after the data's "as of" date, a book with no line judged.
	Strict bool `yaml:"strict"`
	// Records are the directories of compliance records check applies
	// (relative to the config file), as --records gives them.
	Records []string `yaml:"records"`
	// Ownership are the ownership register's files (relative to the config
	// file), as --ownership gives them.
	Ownership []string `yaml:"ownership"`
	// Ledger is the ledger's DSN, as --ledger gives it: sqlite:PATH
	// (relative to the config file) or postgres://….
	Ledger string `yaml:"ledger"`

	// keys are the lines of the file's keys, by dotted name
	// ("screening.lists"), and entries those of each entry of a list: for
	// what is found wrong after decoding to name its line, as what is
	// found while decoding does.
	keys    map[string]int
	entries map[string][]int
}

// at names key of the configuration, for an error found after decoding:
// "FILE: line N: key", N the line of its entry i (i < 0: of the key), or
// "FILE: key" when that line is not known.
func (c *config) at(key string, i int) string {
	line := c.keys[key]
	if e := c.entries[key]; i >= 0 && i < len(e) {
		line = e[i]
	}
	if line == 0 {
		return c.Path + ": " + key
	}
	return fmt.Sprintf("%s: line %d: %s", c.Path, line, key)
}

// nodeLines records in keys and entries where n's keys (under prefix)
// and their lists' entries are.
func nodeLines(n *yaml.Node, prefix string, keys map[string]int, entries map[string][]int) {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := prefix + k.Value
		keys[key] = k.Line
		switch v.Kind {
		case yaml.MappingNode:
			nodeLines(v, key+".", keys, entries)
		case yaml.SequenceNode:
			for _, e := range v.Content {
				entries[key] = append(entries[key], e.Line)
			}
		}
	}
}

// Defaults for what the configuration leaves out.
const (
	defaultMaxAge       = 7 * 24 * time.Hour
	defaultNewestMaxAge = 30 * 24 * time.Hour
)

// duration is a time.Duration written as Go writes it ("168h") or in days
// ("7d").
type duration time.Duration

func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = duration(v)
	return nil
}

// Set, String and Type make a duration a command-line flag written in
// days or as Go writes it ("730d", "36h").
func (d *duration) Set(s string) error {
	v, err := parseDuration(s)
	if err != nil {
		return err
	}
	*d = duration(v)
	return nil
}

func (d *duration) String() string {
	v := time.Duration(*d)
	if v%(24*time.Hour) == 0 {
		return strconv.Itoa(int(v/(24*time.Hour))) + "d"
	}
	return v.String()
}

func (d *duration) Type() string { return "duration" }

// parseDuration reads "7d", "36h", "90m".
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("bad duration %q: a length of time is not negative (want e.g. 7d or 36h)", s)
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad duration %q: want e.g. 7d or 36h", s)
		}
		// Past this a time.Duration wraps round, to a date in the past:
		// --expiring 400000d would list nothing.
		if maxDays := int(math.MaxInt64 / (24 * time.Hour)); n > maxDays {
			return 0, fmt.Errorf("bad duration %q: at most %dd", s, maxDays)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad duration %q: want e.g. 7d or 36h", s)
	}
	return v, nil
}

// findConfig returns the path of the nearest .exportcheck.yaml from dir
// up, or "".
func findConfig(dir string) string {
	for {
		p := filepath.Join(dir, ConfigName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadConfig reads the configuration file at path ("" finds it from the
// working directory up; none found is the zero configuration).
func loadConfig(path string) (*config, error) {
	c := &config{}
	named := path != "" // by --config
	if !named {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if path = findConfig(wd); path == "" {
			return c.withDefaults(), nil
		}
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("--config %s: no such file (without --config, %s is found from the working directory up)", path, ConfigName)
	}
	if fi, serr := os.Stat(path); err != nil && serr == nil && fi.IsDir() {
		if !named {
			return nil, fmt.Errorf("%s: a directory, not a configuration file", path)
		}
		return nil, fmt.Errorf("--config %s: a directory; name the file in it (e.g. --config %s)", path, filepath.Join(path, ConfigName))
	}
	if err != nil {
		return nil, err
	}
	// The file's shape first, so that a misspelt key or a value of the
	// wrong kind is told in the file's words, not the decoder's Go types.
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, notYAML(err, b))
	}
	if err := oneDocument(b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if errs := configShape(&root, reflect.TypeFor[config](), ""); len(errs) > 0 {
		// Every one, each on a line of its own with the file: not only
		// the first, to be found again once it is fixed.
		lines := make([]error, len(errs))
		for i, err := range errs {
			lines[i] = fmt.Errorf("%s: %w", path, err)
		}
		return nil, errors.Join(lines...)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Path = path
	c.keys, c.entries = map[string]int{}, map[string][]int{}
	nodeLines(&root, "", c.keys, c.entries)
	for i, l := range c.Screening.Lists {
		if !isListName(l) && !filepath.IsAbs(l) {
			c.Screening.Lists[i] = filepath.Join(filepath.Dir(path), l)
		}
	}
	for i, l := range c.Screening.PartialLists {
		if isListName(l) {
			// cached is the Consolidated Screening List as downloaded:
			// never partial by choice. demo is warned of as a
			// demonstration already; none is no list.
			return nil, fmt.Errorf("%s: %q is not a list file of your own: name the files of lists that are deliberately not the whole Consolidated Screening List", c.at("screening.partial_lists", i), l)
		}
		if !filepath.IsAbs(l) {
			c.Screening.PartialLists[i] = filepath.Join(filepath.Dir(path), l)
		}
	}
	for _, paths := range [][]string{c.Records, c.Ownership} {
		for i, d := range paths {
			if !filepath.IsAbs(d) {
				paths[i] = filepath.Join(filepath.Dir(path), d)
			}
		}
	}
	// The file as the ledger opens it: sqlite://x.db is x.db, relative.
	if p, ok := ledger.SQLitePath(c.Ledger); ok && p != "" && !filepath.IsAbs(p) {
		c.Ledger = "sqlite:" + filepath.Join(filepath.Dir(path), p)
	}
	for _, d := range []*string{&c.Screening.CacheDir, &c.Screening.ArchiveDir} {
		if *d != "" && !filepath.IsAbs(*d) {
			*d = filepath.Join(filepath.Dir(path), *d)
		}
	}
	return c.withDefaults(), nil
}

// notYAML is a syntax error in the configuration b, on the line that
// holds it (none when that cannot be told).
func notYAML(err error, b []byte) error {
	line, msg := yamlerr.Locate(err, b)
	if line == 0 {
		return fmt.Errorf("not YAML: %s", msg)
	}
	return fmt.Errorf("line %d: not YAML: %s", line, msg)
}

// oneDocument refuses a configuration of more than one YAML document:
// the decoder reads the first and drops the rest, so a "strict: true"
// after a "---" would be silently ignored.
func oneDocument(b []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for i := 0; ; i++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return notYAML(err, b) // in a document after the first
		}
		empty := len(doc.Content) == 0 || doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null"
		if i > 0 && !empty {
			return fmt.Errorf("line %d: --- starts a second YAML document, which would be ignored: put every key in one document", doc.Line)
		}
	}
}

// configShape reports every place where a configuration's YAML does not
// fit the keys and kinds of t (the config, or a part of it named key): an
// unknown key with the key it is likely a misspelling of and the keys known
// there, a key given twice, a list or a mapping where another kind was
// wanted. Each is told at its line, all in one run.
func configShape(n *yaml.Node, t reflect.Type, key string) []error {
	if err := valueShape(n, t, key); err != nil {
		return []error{err}
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return configShape(n.Content[0], t, key)
	}
	if n.Kind == yaml.AliasNode {
		return configShape(n.Alias, t, key)
	}
	var errs []error
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		names, fields := keysOf(t)
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if first, ok := seen[k.Value]; ok {
				errs = append(errs, fmt.Errorf("line %d: %s given twice (first at line %d): which one holds?", k.Line, strings.TrimPrefix(key+"."+k.Value, "."), first))
				continue
			}
			seen[k.Value] = k.Line
			ft, ok := fields[k.Value]
			if !ok {
				under := ""
				if key != "" {
					under = " under " + key
				}
				errs = append(errs, fmt.Errorf("line %d: unknown key %q%s%s (known: %s)", k.Line, k.Value, under, checker.MeantKey(k.Value, names), strings.Join(names, ", ")))
				continue
			}
			errs = append(errs, configShape(v, ft, strings.TrimPrefix(key+"."+k.Value, "."))...)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, e := range n.Content {
			// A blank entry ("", ~, a "-" with nothing after it) would be
			// read as the configuration's own directory.
			if e.Kind == yaml.ScalarNode && (e.Tag == "!!null" || strings.TrimSpace(e.Value) == "") {
				errs = append(errs, fmt.Errorf("line %d: %s: an empty entry; remove it or name what it is", e.Line, key))
				continue
			}
			errs = append(errs, configShape(e, t.Elem(), key)...)
		}
	}
	return errs
}

// keysOf is the keys a configuration part of type t takes, in order, and
// the type of each.
func keysOf(t reflect.Type) ([]string, map[string]reflect.Type) {
	var names []string
	fields := map[string]reflect.Type{}
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name != "" && name != "-" {
			names = append(names, name)
			fields[name] = f.Type
		}
	}
	return names, fields
}

// valueShape is the problem of the value n itself (not of the keys or
// entries under it) as a part of type t named key, or nil.
func valueShape(n *yaml.Node, t reflect.Type, key string) error {
	switch n.Kind {
	case 0, yaml.DocumentNode, yaml.AliasNode: // an empty file; what is in it
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // left out
	}
	switch {
	case t == reflect.TypeFor[duration]():
		// Zero is not "the default": left out is. A list that is stale
		// the moment it is downloaded is no setting either.
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s: want a duration such as 7d or 36h, not %s", n.Line, key, kindOfNode(n))
		}
		v, err := parseDuration(n.Value)
		if err != nil {
			return fmt.Errorf("line %d: %s: %w", n.Line, key, err)
		}
		if v == 0 {
			return fmt.Errorf("line %d: %s: 0 would make every list stale at once; want a duration such as 7d, or leave the key out for the default", n.Line, key)
		}
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			names, _ := keysOf(t)
			what := key + ": want keys under it"
			if key == "" {
				what = "the configuration is keys"
			}
			return fmt.Errorf("line %d: %s (%s), not %s", n.Line, what, strings.Join(names, ", "), kindOfNode(n))
		}
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			example := "a, b"
			if n.Kind == yaml.ScalarNode {
				example = n.Value
			}
			return fmt.Errorf("line %d: %s: want a list, such as [%s], not %s", n.Line, key, example, kindOfNode(n))
		}
	case t.Kind() == reflect.Bool:
		// YAML 1.1's yes/no, on/off and y/n are read as they were meant
		// (the decoder's rule for a bool), never as a string that is
		// false. A quoted "true" is a string: told, not guessed.
		var v bool
		if n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			if plain := (yaml.Node{Kind: yaml.ScalarNode, Value: n.Value}); plain.Decode(&v) == nil {
				return fmt.Errorf("line %d: %s: want true or false, not the string %s (write it without quotes)", n.Line, key, strconv.Quote(n.Value))
			}
		}
		if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
			return fmt.Errorf("line %d: %s: want true or false, not %s", n.Line, key, kindOfNode(n))
		}
	case t.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s: want one value, not %s", n.Line, key, kindOfNode(n))
		}
	}
	return nil
}

// kindOfNode says what a YAML value is, for an error.
func kindOfNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

func (c *config) withDefaults() *config {
	if c.Screening.MaxAge == 0 {
		c.Screening.MaxAge = duration(defaultMaxAge)
	}
	if c.Screening.NewestMaxAge == 0 {
		c.Screening.NewestMaxAge = duration(defaultNewestMaxAge)
	}
	if c.Screening.URL == "" {
		c.Screening.URL = defaultListURL
	}
	if c.Screening.CacheDir == "" {
		c.Screening.CacheDir = defaultCacheDir()
	}
	return c
}

// defaultCacheDir is the user's cache directory for exportcheck's lists
// ($XDG_CACHE_HOME/exportcheck/lists, ~/.cache/exportcheck/lists).
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "exportcheck", "lists")
}

// isListName reports whether a screening-list argument is a name rather
// than a file.
func isListName(s string) bool { return s == listDemo || s == listNone || s == listCached }

const (
	listDemo   = "demo"   // the embedded excerpt, for demonstrations
	listNone   = "none"   // no screening, deliberately
	listCached = "cached" // the list `exportcheck lists update` downloaded
)
