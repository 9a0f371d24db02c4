package records

import (
	"go.yaml.in/yaml/v3"
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
