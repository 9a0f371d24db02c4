package records

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/screening"
)

// YAML returns the clearance as a record document, in the layout [Load]
// reads (EndUserKey and Pos are derived, not written).
func (c *Clearance) YAML() []byte {
	doc := struct {
		Record    string  `yaml:"record"`
		EndUser   string  `yaml:"end_user"`
		Entry     string  `yaml:"entry"`
		EntryName string  `yaml:"entry_name,omitempty"`
		List      string  `yaml:"list,omitempty"`
		EntryHash string  `yaml:"entry_hash"`
		Outcome   Outcome `yaml:"outcome"`
		By        string  `yaml:"by"`
		At        string  `yaml:"at"`
		Reason    string  `yaml:"reason"`
		Expires   string  `yaml:"expires"`
		Recorded  string  `yaml:"recorded,omitempty"`
	}{recordClearance, c.EndUser, c.Entry, c.EntryName, c.List, c.EntryHash, c.Outcome, c.By, c.At, c.Reason, c.Expires, c.Recorded}
	b, err := yaml.Marshal(&doc)
	if err != nil {
		panic("records: Clearance.YAML: " + err.Error()) // strings only: cannot happen
	}
	return b
}

// Dir is the directory of a records repository that records of a kind
// ("clearance", "assignment", "licence", "notification") are kept in by
// default, slash-separated: "records/clearances". exportcheck clear writes
// there, and the review desk asks for its downloads to be saved there.
func Dir(kind string) string { return "records/" + kind + "s" }

// FileName is the name a clearance's file gets: the end user's normalised
// name and the start of the entry's id, e.g.
// "atlas-sanatgar-trading-1b5979e8fd39.yaml".
func (c *Clearance) FileName() string { return fileName(c.EndUser, c.Entry) }

// DatedFileName is FileName with the day it was made, for a clearance
// that may adjudicate a hit adjudicated before (the review desk's): saved
// beside the earlier one's file, it does not replace it, e.g.
// "atlas-sanatgar-trading-1b5979e8fd39-2026-02-16.yaml".
func (c *Clearance) DatedFileName() string {
	return strings.TrimSuffix(c.FileName(), ".yaml") + "-" + fileName("", c.At)
}

// SpeltFileName is FileName with a short hash of the name as spelt
// ([screening.Spell]: case and punctuation aside) and the entry, for a
// clearance whose FileName holds another name that normalises alike: a
// record of its own ("Atlas Sanatgar Trading (Yerevan)" beside "Atlas
// Sanatgar Trading"), e.g.
// "atlas-sanatgar-trading-1b5979e8fd39-5e0c7a1f.yaml". A name spelt alike
// gets the same one, so that the same record is found where it is.
func (c *Clearance) SpeltFileName() string {
	h := sha256.Sum256([]byte(screening.Spell(c.EndUser) + "\x00" + c.Entry))
	return strings.TrimSuffix(c.FileName(), ".yaml") + fmt.Sprintf("-%.4x.yaml", h)
}

// SpeltDatedFileName is SpeltFileName with the day it was made, as
// DatedFileName is FileName with it.
func (c *Clearance) SpeltDatedFileName() string {
	return strings.TrimSuffix(c.SpeltFileName(), ".yaml") + "-" + fileName("", c.At)
}

// fileName is a record file's name from an end user's name and an id:
// letters, digits, - and _ only.
func fileName(endUser, id string) string {
	name := strings.ReplaceAll(screening.Normalize(endUser), " ", "-")
	id = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, id)
	if len(id) > 12 {
		id = id[:12]
	}
	if len(name) > 60 {
		name = name[:60]
	}
	return strings.Trim(name+"-"+id, "-") + ".yaml"
}

// YAML returns the assignment as a record document, in the layout [Load]
// reads.
func (a *Assignment) YAML() []byte {
	doc := struct {
		Record       string `yaml:"record"`
		EndUser      string `yaml:"end_user"`
		Licence      string `yaml:"licence,omitempty"`
		Notification string `yaml:"notification,omitempty"`
		Order        string `yaml:"order,omitempty"`
		By           string `yaml:"by"`
		At           string `yaml:"at"`
		Reason       string `yaml:"reason"`
		Status       string `yaml:"status,omitempty"`
	}{recordAssignment, a.EndUser, a.Licence, a.Notification, a.Order, a.By, a.At, a.Reason, ""}
	if a.Status == AssignmentWithdrawn {
		doc.Status = string(a.Status)
	}
	b, err := yaml.Marshal(&doc)
	if err != nil {
		panic("records: Assignment.YAML: " + err.Error()) // strings only: cannot happen
	}
	return b
}

// FileName is the name an assignment's file gets: the end user's
// normalised name and the record's number, e.g.
// "falcon-compute-dc-D1234567.yaml".
func (a *Assignment) FileName() string { return fileName(a.EndUser, a.Licence+a.Notification) }
