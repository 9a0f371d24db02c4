package records

import (
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
	}{recordClearance, c.EndUser, c.Entry, c.EntryName, c.List, c.EntryHash, c.Outcome, c.By, c.At, c.Reason, c.Expires}
	b, err := yaml.Marshal(&doc)
	if err != nil {
		panic("records: Clearance.YAML: " + err.Error()) // strings only: cannot happen
	}
	return b
}

// FileName is the name a clearance's file gets: the end user's normalised
// name and the start of the entry's id, e.g.
// "atlas-sanatgar-trading-1b5979e8fd39.yaml".
func (c *Clearance) FileName() string {
	name := strings.ReplaceAll(screening.Normalize(c.EndUser), " ", "-")
	id := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, c.Entry)
	if len(id) > 12 {
		id = id[:12]
	}
	if len(name) > 60 {
		name = name[:60]
	}
	return strings.Trim(name+"-"+id, "-") + ".yaml"
}
