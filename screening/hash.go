package screening

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// EntryHash fingerprints a screening list entry as it stands, so that a
// [Clearance] made against it can tell when it has changed: "sha256:" and
// the hex SHA-256 of the JSON object
//
//	{"v":1,"id":…,"source":…,"type":…,"name":…,"alt_names":[…],"addresses":[…],
//	 "programs":[…],"federal_register_notice":…,"start_date":…,"end_date":…,
//	 "license_requirement":…,"license_policy":…}
//
// with the fields of e in this order and the three lists sorted (a list
// that only reorders an entry's names does not change it). The line the
// entry was read from and its source URL are not part of it: they change
// when other entries do.
func EntryHash(e *Entry) string {
	sorted := func(s []string) []string {
		s = slices.Clone(s)
		slices.Sort(s)
		if s == nil {
			s = []string{}
		}
		return s
	}
	c := struct {
		V                     int      `json:"v"`
		ID                    string   `json:"id"`
		Source                string   `json:"source"`
		Type                  string   `json:"type"`
		Name                  string   `json:"name"`
		AltNames              []string `json:"alt_names"`
		Addresses             []string `json:"addresses"`
		Programs              []string `json:"programs"`
		FederalRegisterNotice string   `json:"federal_register_notice"`
		StartDate             string   `json:"start_date"`
		EndDate               string   `json:"end_date"`
		LicenseRequirement    string   `json:"license_requirement"`
		LicensePolicy         string   `json:"license_policy"`
	}{1, e.ID, e.Source, e.Type, e.Name, sorted(e.AltNames), sorted(e.Addresses), sorted(e.Programs),
		e.FederalRegisterNotice, e.StartDate, e.EndDate, e.LicenseRequirement, e.LicensePolicy}
	b, err := json.Marshal(c)
	if err != nil {
		panic("screening: EntryHash: " + err.Error()) // strings only: cannot happen
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
