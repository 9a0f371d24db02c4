package screening

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry is one record of a screening list: a party named on one of the
// lists that make up the Consolidated Screening List.
type Entry struct {
	ID     string // the CSL record id (`_id` in the CSV, `id` in the API JSON)
	Source string // the list's full name, e.g. "Entity List (EL) - Bureau of Industry and Security"
	List   string // short code derived from Source: "EL", "DPL", "UVL", "MEU", "SDN", "SSI", ...
	Type   string // "Entity", "Individual", "Vessel", "Aircraft" or ""
	Name   string

	AltNames, Addresses, Programs []string

	FederalRegisterNotice string
	StartDate, EndDate    string // YYYY-MM-DD or ""

	LicenseRequirement, LicensePolicy, SourceListURL string

	// Details are the entry's other identifying fields, as the list gives
	// them: dates of birth, nationalities, IDs, remarks, a vessel's flag
	// ([detailColumns], in that order; empty ones left out). The matcher
	// does not read them; a person adjudicating a hit does, so they are
	// part of [EntryHash].
	Details []Detail

	Line int // 1-based line in the file the entry was read from (where its record starts)
}

// Detail is one of an entry's other identifying fields: its column (or
// JSON key) and its text (a JSON value other than a string as compact
// JSON, object keys sorted).
type Detail struct{ Field, Value string }

// detailLabels name the detail fields in words.
var detailLabels = map[string]string{
	"entity_number": "Entity number", "title": "Title", "standard_order": "Standard order",
	"call_sign": "Call sign", "vessel_type": "Vessel type", "gross_tonnage": "Gross tonnage",
	"gross_registered_tonnage": "Gross registered tonnage", "vessel_flag": "Vessel flag",
	"vessel_owner": "Vessel owner", "remarks": "Remarks", "citizenships": "Citizenships",
	"dates_of_birth": "Dates of birth", "nationalities": "Nationalities",
	"places_of_birth": "Places of birth", "ids": "IDs",
}

// Label is the detail's field in words: "Dates of birth" for
// dates_of_birth.
func (d Detail) Label() string {
	if l, ok := detailLabels[d.Field]; ok {
		return l
	}
	return d.Field
}

// Active reports whether the entry is in force on the date on (YYYY-MM-DD):
// an entry whose EndDate is set and before on is no longer active. An empty
// on counts every entry as active. StartDate is not considered.
func (e *Entry) Active(on string) bool {
	return on == "" || e.EndDate == "" || e.EndDate >= on
}

// Snapshot identifies the file a [List] was read from, for audit records.
type Snapshot struct {
	Path   string
	SHA256 string // hex SHA-256 of the bytes read
	Rows   int    // number of entries
	Newest string // newest StartDate among the entries (YYYY-MM-DD), "" if none
}

// List is a parsed screening list and the snapshot it came from.
type List struct {
	Snapshot Snapshot
	Entries  []Entry
}

// Load reads a screening list from path. A file whose name ends in .json, or
// whose first non-blank byte is '{' or '[', is read as trade.gov API JSON
// ([ReadJSON]); anything else as the CSL CSV download ([ReadCSV]).
func Load(path string) (*List, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := path
	if strings.EqualFold(filepath.Ext(path), ".gz") {
		// A list kept compressed (lists update --archive): read as the
		// list it holds, its SHA-256 that of the list.
		if data, err = gunzip(data); err != nil {
			return nil, fmt.Errorf("%s: not a whole gzip file, as its name says: %v", path, err)
		}
		name = strings.TrimSuffix(path, filepath.Ext(path))
	}
	if isJSON(name, data) {
		return ReadJSON(bytes.NewReader(data), path)
	}
	return ReadCSV(bytes.NewReader(data), path)
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return out, zr.Close()
}

func isJSON(path string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return true
	case ".csv":
		return false
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte(bom)), " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

const bom = "\ufeff"

// ErrNoEntries is the error [Load], [ReadCSV] and [ReadJSON] wrap for a list
// without a single entry (a CSV header alone, `[]`, `{"results": []}`):
// screening against it would pass every name.
var ErrNoEntries = errors.New("no entries: a screening list that lists nobody would pass every name")

// csvColumns is the header of trade.gov's CSL CSV download, in its order.
var csvColumns = []string{
	"_id", "source", "entity_number", "type", "programs", "name", "title",
	"addresses", "federal_register_notice", "start_date", "end_date",
	"standard_order", "license_requirement", "license_policy", "call_sign",
	"vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
	"vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
	"dates_of_birth", "nationalities", "places_of_birth",
	"source_information_url", "ids",
}

// csvRead are the columns of [csvColumns] that ReadCSV reads.
var csvRead = []string{"_id", "source", "type", "programs", "name", "addresses", "federal_register_notice",
	"start_date", "end_date", "license_requirement", "license_policy", "source_list_url", "alt_names"}

// detailColumns are the columns of [csvColumns] kept as an entry's
// [Detail]s: all but those read into its other fields and
// source_information_url (a page about the list, not the entry).
var detailColumns = []string{"entity_number", "title", "standard_order", "call_sign",
	"vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
	"vessel_owner", "remarks", "citizenships", "dates_of_birth", "nationalities",
	"places_of_birth", "ids"}

// ReadCSV reads the CSL CSV format. Header names are matched
// case-insensitively and in any order ("id" is accepted for "_id"); only
// "source" and "name" are required. A column the CSL does not have is an
// error when a column the reader reads is missing (a column renamed at the
// source, alt_names to aliases, would otherwise go unread); beside every
// column it reads, it is a column the list has grown, and left unread. A
// leading byte-order mark, CRLF line ends and quoted fields spanning lines
// are accepted; a field it reads that is not UTF-8 (a list saved as
// Latin-1) is an error. Multi-valued fields (programs, addresses, alt_names) are
// split on ";". path is used in error
// messages ("path:line: ...") and in the [Snapshot]. A file without entries
// is an error ([ErrNoEntries]).
func ReadCSV(r io.Reader, path string) (*List, error) {
	h := sha256.New()
	cr := csv.NewReader(bomSkipper(io.TeeReader(r, h)))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:1: empty file, want a CSV header", path)
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	col := map[string]int{}
	unknown := -1 // the first column the CSL does not have
	// headerRow reports whether rec is the header again, a BOM or not.
	names := slices.Clone(header) // ReuseRecord: the next Read overwrites header
	headerRow := func(rec []string) bool {
		for i, n := range names {
			if i >= len(rec) || !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[i], bom)), strings.TrimSpace(n)) {
				return false
			}
		}
		return true
	}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "id" {
			name = "_id"
		}
		if _, dup := col[name]; dup && name != "" {
			return nil, fmt.Errorf("%s:1: duplicate column %q", path, name)
		}
		if name != "" && !slices.Contains(csvColumns, name) && unknown < 0 {
			unknown = i
		}
		col[name] = i
	}
	if unknown >= 0 {
		var missing []string
		for _, c := range csvRead {
			if _, ok := col[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			// A column renamed at the source (alt_names to aliases) would
			// go unread, and the names under it unscreened.
			return nil, fmt.Errorf("%s:1: unknown column %q (column %d), and no column %s: the list's format has changed, or this is not a CSL file; its columns are %s",
				path, header[unknown], unknown+1, strings.Join(missing, ", "), strings.Join(csvColumns, ", "))
		}
	}
	for _, need := range []string{"source", "name"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: missing column %q", path, need)
		}
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	l := &List{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, csv.ErrFieldCount) {
			// A download cut off mid-row ends in a row of fewer fields.
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: fields: %d in the row, %d in the header: a list cut short (a download stopped mid-row), or a field with a comma and no quotes",
				path, line, len(rec), cr.FieldsPerRecord)
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := cr.FieldPos(0)
		if headerRow(rec) {
			// Read as an entry, the header would list a party "name";
			// and what follows is another list.
			return nil, fmt.Errorf("%s:%d: the header again: two CSL downloads run together, or not one CSL file", path, line)
		}
		for _, c := range csvRead {
			if i, ok := col[c]; ok && !utf8.ValidString(rec[i]) {
				return nil, fmt.Errorf("%s:%d: %v", path, line, notUTF8("column "+c, rec[i]))
			}
		}
		e := Entry{
			ID:                    field(rec, "_id"),
			Source:                field(rec, "source"),
			Type:                  field(rec, "type"),
			Name:                  field(rec, "name"),
			AltNames:              splitMulti(field(rec, "alt_names")),
			Addresses:             splitMulti(field(rec, "addresses")),
			Programs:              splitMulti(field(rec, "programs")),
			FederalRegisterNotice: field(rec, "federal_register_notice"),
			LicenseRequirement:    field(rec, "license_requirement"),
			LicensePolicy:         field(rec, "license_policy"),
			SourceListURL:         field(rec, "source_list_url"),
			Line:                  line,
		}
		for _, c := range detailColumns {
			if v := field(rec, c); v != "" {
				e.Details = append(e.Details, Detail{c, v})
			}
		}
		if err := finish(&e, field(rec, "start_date"), field(rec, "end_date")); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		l.Entries = append(l.Entries, e)
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("%s:1: %w", path, ErrNoEntries)
	}
	l.Snapshot = snapshot(path, h.Sum(nil), l.Entries)
	if err := CheckIDs(l); err != nil {
		return nil, err
	}
	return l, nil
}

// notUTF8 is the error for a field that is not UTF-8: a list saved in
// another encoding (Latin-1, Windows-1251) would be read with U+FFFD for
// its letters, and its names would match no one.
func notUTF8(what, s string) error {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	return fmt.Errorf("%s is not UTF-8 (byte %#x at byte %d of %q): save the list as UTF-8", what, s[i], i+1, s)
}

func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", path, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %v", path, err)
}

// bomSkipper drops a leading UTF-8 byte-order mark.
func bomSkipper(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		_, _ = br.Discard(len(bom))
	}
	return br
}

// splitMulti splits a "; "-separated CSL field, dropping empty items and the
// "and " that the Entity List puts before the last item of a series.
func splitMulti(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ";") {
		p = strings.TrimSpace(p)
		if len(p) > 4 && strings.EqualFold(p[:4], "and ") {
			p = strings.TrimSpace(p[4:])
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// finish validates an entry and fills the derived fields.
func finish(e *Entry, start, end string) error {
	if e.Name == "" {
		return errors.New("empty name")
	}
	if e.Source == "" {
		return fmt.Errorf("entry %q: empty source", e.Name)
	}
	// A source this reader does not know is named by itself: its hits are
	// reviewed (the policy knows no requirement of it), saying which list.
	e.List = cmp.Or(ListCode(e.Source), strings.TrimSpace(e.Source))
	var err error
	if e.StartDate, err = parseDate(start); err != nil {
		return fmt.Errorf("entry %q: start_date: %v", e.Name, err)
	}
	if e.EndDate, err = parseDate(end); err != nil {
		return fmt.Errorf("entry %q: end_date: %v", e.Name, err)
	}
	return nil
}

// parseDate accepts YYYY-MM-DD (optionally followed by a time, as the API
// sometimes gives) and MM/DD/YYYY, and returns YYYY-MM-DD.
func parseDate(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	for _, layout := range []string{"2006-01-02", "01/02/2006", "1/2/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", fmt.Errorf("bad date %q, want YYYY-MM-DD", s)
}

var listCodeRE = regexp.MustCompile(`\(([A-Za-z][A-Za-z0-9 -]*)\)`)

// codeAliases maps codes as trade.gov spells them in source to the short
// codes used in facts.
var codeAliases = map[string]string{
	"CAPTA":       "CAP",
	"NS-MBS LIST": "MBS",
	"NS-MBS":      "MBS",
	"NS-CMIC":     "CMIC",
	"NS-PLC":      "PLC",
	"NS-ISA":      "ISA",
}

// sourceNames recognises sources without a parenthesised code.
var sourceNames = []struct{ prefix, code string }{
	{"entity list", "EL"},
	{"denied persons", "DPL"},
	{"unverified list", "UVL"},
	{"military end user", "MEU"},
	{"specially designated nationals", "SDN"},
	{"sectoral sanctions", "SSI"},
	{"foreign sanctions evaders", "FSE"},
	{"palestinian legislative council", "PLC"},
	{"nonproliferation sanctions", "ISN"},
	{"itar debarred", "DTC"},
	{"correspondent account", "CAP"},
	{"non-sdn chinese military", "CMIC"},
	{"non-sdn menu-based", "MBS"},
}

// ListCode returns the short code of a CSL source: the code in parentheses
// ("Entity List (EL) - Bureau of Industry and Security" gives "EL"), with
// trade.gov's longer spellings shortened ("CAPTA" gives "CAP", "NS-MBS List"
// gives "MBS"). A source without a code is recognised by its name; otherwise
// ListCode returns "".
func ListCode(source string) string {
	if m := listCodeRE.FindStringSubmatch(source); m != nil {
		code := strings.ToUpper(strings.TrimSpace(m[1]))
		if a, ok := codeAliases[code]; ok {
			return a
		}
		return code
	}
	s := strings.ToLower(strings.TrimSpace(source))
	for _, n := range sourceNames {
		if strings.HasPrefix(s, n.prefix) {
			return n.code
		}
	}
	return ""
}

func snapshot(path string, sum []byte, entries []Entry) Snapshot {
	s := Snapshot{Path: path, SHA256: hex.EncodeToString(sum), Rows: len(entries)}
	for i := range entries {
		if d := entries[i].StartDate; d > s.Newest {
			s.Newest = d
		}
	}
	return s
}

// jsonEntry is one result of the trade.gov CSL API.
type jsonEntry struct {
	ID                    string       `json:"id"`
	UnderscoreID          string       `json:"_id"`
	Source                string       `json:"source"`
	Type                  string       `json:"type"`
	Name                  string       `json:"name"`
	AltNames              flexStrings  `json:"alt_names"`
	Addresses             jsonAddrList `json:"addresses"`
	Programs              flexStrings  `json:"programs"`
	FederalRegisterNotice string       `json:"federal_register_notice"`
	StartDate             string       `json:"start_date"`
	EndDate               string       `json:"end_date"`
	LicenseRequirement    string       `json:"license_requirement"`
	LicensePolicy         string       `json:"license_policy"`
	SourceListURL         string       `json:"source_list_url"`
}

// flexStrings accepts a JSON array of strings, a "; "-separated string or null.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = nil
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = splitMulti(s)
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return err
	}
	*f = nil
	for _, s := range ss {
		*f = append(*f, splitMulti(s)...)
	}
	return nil
}

// jsonAddrList accepts the API's address objects, plain strings, or one
// "; "-separated string.
type jsonAddrList []string

func (a *jsonAddrList) UnmarshalJSON(b []byte) error {
	if string(b) == "null" || (len(b) > 0 && b[0] == '"') {
		var f flexStrings
		err := f.UnmarshalJSON(b)
		*a = jsonAddrList(f)
		return err
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*a = nil
	for _, r := range raw {
		var s string
		if len(r) > 0 && r[0] == '"' {
			if err := json.Unmarshal(r, &s); err != nil {
				return err
			}
		} else {
			var o struct {
				Address    string `json:"address"`
				City       string `json:"city"`
				State      string `json:"state"`
				PostalCode string `json:"postal_code"`
				Country    string `json:"country"`
			}
			if err := json.Unmarshal(r, &o); err != nil {
				return err
			}
			var parts []string
			for _, p := range []string{o.Address, o.City, o.State, o.PostalCode, o.Country} {
				if p = strings.TrimSpace(p); p != "" {
					parts = append(parts, p)
				}
			}
			s = strings.Join(parts, ", ")
		}
		if s = strings.TrimSpace(s); s != "" {
			*a = append(*a, s)
		}
	}
	return nil
}

// ReadJSON reads the trade.gov CSL API format: an object whose "results"
// member is an array of entries, or a bare array of entries. Addresses may
// be objects {address, city, state, postal_code, country}; alt_names and
// programs arrays. An entry's Line is the line its object starts on. An
// entry with a key the CSL does not have and no alt_names is an error (a
// renamed key). A file without entries is an error ([ErrNoEntries]), and
// so is one not read whole: anything after the array or the object (two
// downloads run together, a second "results"), an end cut off, or a
// "total" other than the number of entries (a page of the API's search).
func ReadJSON(r io.Reader, path string) (*List, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	sum := sha256.Sum256(data)
	body := bytes.TrimPrefix(data, []byte(bom))
	off := len(data) - len(body)
	lineAt := func(o int64) int {
		o += int64(off)
		if o > int64(len(data)) {
			o = int64(len(data))
		}
		return 1 + bytes.Count(data[:o], []byte{'\n'})
	}
	jerr := func(o int64, err error) error {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			o = se.Offset
		case errors.As(err, &te):
			o = te.Offset
		}
		return fmt.Errorf("%s:%d: %v", path, lineAt(o), err)
	}

	if !utf8.Valid(body) {
		// The decoder would read U+FFFD for the letters of a list saved
		// in another encoding, and its names would match no one.
		i := 0
		for i < len(body) {
			r, n := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return nil, fmt.Errorf("%s:%d: not UTF-8 (byte %#x): save the list as UTF-8", path, lineAt(int64(i)), body[i])
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:1: empty file, want JSON", path)
	}
	if err != nil {
		return nil, jerr(dec.InputOffset(), err)
	}
	obj := tok == json.Delim('{')
	total := -1 // the object's "total", -1 when it has none
	// member reads the value of the object's member key (not "results").
	member := func(key string) error {
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return jerr(dec.InputOffset(), err)
		}
		if key != "total" || string(v) == "null" {
			return nil
		}
		if err := json.Unmarshal(v, &total); err != nil || total < 0 {
			return fmt.Errorf("%s:%d: \"total\" is %s, want the number of entries", path, lineAt(dec.InputOffset()), v)
		}
		return nil
	}
	if obj {
		found := false
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, jerr(dec.InputOffset(), err)
			}
			if key, _ := kt.(string); key == "results" {
				found = true
				break
			} else if err := member(key); err != nil {
				return nil, err
			}
		}
		if !found {
			return nil, fmt.Errorf("%s:1: no \"results\" array", path)
		}
		if tok, err = dec.Token(); err != nil {
			return nil, jerr(dec.InputOffset(), err)
		}
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("%s:%d: want an array of entries, got %v", path, lineAt(dec.InputOffset()), tok)
	}
	l := &List{}
	for i := 0; dec.More(); i++ {
		start := dec.InputOffset()
		for start < int64(len(body)) && strings.IndexByte(" \t\r\n,", body[start]) >= 0 {
			start++
		}
		line := lineAt(start)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jerr(start, err)
		}
		var je jsonEntry
		if err := json.Unmarshal(raw, &je); err != nil {
			// Offsets are relative to the entry: report the line it starts on.
			return nil, fmt.Errorf("%s:%d: results[%d]: %v", path, line, i, err)
		}
		keys, err := renamedKey(raw)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: results[%d]: %v", path, line, i, err)
		}
		e := Entry{
			ID:                    strings.TrimSpace(je.ID),
			Source:                strings.TrimSpace(je.Source),
			Type:                  strings.TrimSpace(je.Type),
			Name:                  strings.TrimSpace(je.Name),
			AltNames:              je.AltNames,
			Addresses:             je.Addresses,
			Programs:              je.Programs,
			FederalRegisterNotice: strings.TrimSpace(je.FederalRegisterNotice),
			LicenseRequirement:    strings.TrimSpace(je.LicenseRequirement),
			LicensePolicy:         strings.TrimSpace(je.LicensePolicy),
			SourceListURL:         strings.TrimSpace(je.SourceListURL),
			Line:                  line,
		}
		if e.Details, err = jsonDetails(keys); err != nil {
			return nil, fmt.Errorf("%s:%d: results[%d]: %v", path, line, i, err)
		}
		if e.ID == "" {
			e.ID = strings.TrimSpace(je.UnderscoreID)
		}
		if err := finish(&e, strings.TrimSpace(je.StartDate), strings.TrimSpace(je.EndDate)); err != nil {
			return nil, fmt.Errorf("%s:%d: results[%d]: %v", path, line, i, err)
		}
		l.Entries = append(l.Entries, e)
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("%s:%d: %w", path, lineAt(dec.InputOffset()), ErrNoEntries)
	}
	// The rest of the file is read too: what follows the entries (a
	// second "results", a second document run on, the object's end cut
	// off) means the list was not read whole.
	if _, err := dec.Token(); err != nil { // the array's end
		if errors.Is(err, io.EOF) {
			return nil, jerr(int64(len(body)), io.ErrUnexpectedEOF)
		}
		return nil, jerr(dec.InputOffset(), err)
	}
	if obj {
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, jerr(dec.InputOffset(), err)
			}
			if key, _ := kt.(string); key == "results" {
				return nil, fmt.Errorf("%s:%d: a second \"results\" array: the list is not one CSL download", path, lineAt(dec.InputOffset()))
			} else if err := member(key); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil { // the object's end
			if errors.Is(err, io.EOF) {
				return nil, jerr(int64(len(body)), io.ErrUnexpectedEOF)
			}
			return nil, jerr(dec.InputOffset(), err)
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:%d: more after the list's end: the file holds more than one CSL download, or is not one", path, lineAt(dec.InputOffset()))
	}
	if total >= 0 && total != len(l.Entries) {
		// A page of the API's search answer, or a list cut short: what
		// is not here would not be screened.
		return nil, fmt.Errorf("%s:1: \"total\" is %d, and \"results\" holds %d entries: a page of a search, or a list cut short, not the whole list", path, total, len(l.Entries))
	}
	l.Snapshot = snapshot(path, sum[:], l.Entries)
	if err := CheckIDs(l); err != nil {
		return nil, err
	}
	return l, nil
}

// CheckIDs refuses lists in which two different entries (by [EntryHash])
// have one id: a clearance names its entry by id, and one naming such an
// id could not tell which entry is meant (a true match confirmed on a
// Denied Persons entry judged as the Unverified List entry of the same
// id). The same entry twice, and entries without an id, are not
// ambiguous. [ReadCSV] and [ReadJSON] check the list they read; a caller
// screening against several lists checks them together.
func CheckIDs(lists ...*List) error {
	type at struct {
		path string
		e    *Entry
	}
	seen := map[string]at{}
	for _, l := range lists {
		for i := range l.Entries {
			e := &l.Entries[i]
			if e.ID == "" {
				continue
			}
			p, ok := seen[e.ID]
			if !ok {
				seen[e.ID] = at{l.Snapshot.Path, e}
				continue
			}
			if EntryHash(p.e) == EntryHash(e) {
				continue
			}
			where := fmt.Sprintf("%s:%d", p.path, p.e.Line)
			if p.path == l.Snapshot.Path {
				where = fmt.Sprintf("line %d", p.e.Line)
			}
			return fmt.Errorf("%s:%d: _id %q is also that of %s (%q), another entry: a clearance naming it could not tell which",
				l.Snapshot.Path, e.Line, e.ID, where, p.e.Name)
		}
	}
	return nil
}

// renamedKey refuses an entry with a key the CSL does not have and no
// alt_names: a key renamed at the source (alt_names to aliases) would go
// unread, and the names under it unscreened. Beside alt_names, a key the
// CSL does not have is one the list has grown, and is left unread.
// It returns the entry's members.
func renamedKey(raw json.RawMessage) (map[string]json.RawMessage, error) {
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return nil, nil // not an object: the entry's own decoding said so
	}
	if _, ok := keys["alt_names"]; ok {
		return keys, nil
	}
	var unknown []string
	for k := range keys {
		if k != "id" && !slices.Contains(csvColumns, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return keys, nil
	}
	slices.Sort(unknown)
	return nil, fmt.Errorf("unknown key %q, and no alt_names: the list's format has changed, or this is not a CSL file", unknown[0])
}

// jsonDetails are the [Detail]s among an entry's members: a string as it
// is (trimmed), any other value but null as compact JSON with its object
// keys sorted (the API gives ids as objects).
func jsonDetails(keys map[string]json.RawMessage) ([]Detail, error) {
	var out []Detail
	for _, c := range detailColumns {
		raw, ok := keys[c]
		if !ok {
			continue
		}
		var v any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber() // a number as written
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %v", c, err)
		}
		var text string
		switch v := v.(type) {
		case nil:
		case string:
			text = strings.TrimSpace(v)
		default:
			b, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", c, err)
			}
			if text = string(b); text == "[]" || text == "{}" {
				text = ""
			}
		}
		if text != "" {
			out = append(out, Detail{c, text})
		}
	}
	return out, nil
}

// WriteCSV writes l in the CSL CSV format (all 29 columns, those not kept in
// [Entry] left empty). Multi-valued fields are joined with "; ".
func WriteCSV(w io.Writer, l *List) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	rec := make([]string, len(csvColumns))
	for i := range l.Entries {
		e := &l.Entries[i]
		for j := range rec {
			rec[j] = ""
		}
		rec[0] = e.ID
		rec[1] = e.Source
		rec[3] = e.Type
		rec[4] = strings.Join(e.Programs, "; ")
		rec[5] = e.Name
		rec[7] = strings.Join(e.Addresses, "; ")
		rec[8] = e.FederalRegisterNotice
		rec[9] = e.StartDate
		rec[10] = e.EndDate
		rec[12] = e.LicenseRequirement
		rec[13] = e.LicensePolicy
		rec[21] = e.SourceListURL
		rec[22] = strings.Join(e.AltNames, "; ")
		for _, d := range e.Details {
			rec[slices.Index(csvColumns, d.Field)] = d.Value
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
