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
//	{"v":2,"id":…,"source":…,"type":…,"name":…,"alt_names":[…],"addresses":[…],
//	 "programs":[…],"federal_register_notice":…,"start_date":…,"end_date":…,
//	 "license_requirement":…,"license_policy":…,"details":[[field,value],…]}
//
// with the fields of e in this order, the three lists sorted (a list that
// only reorders an entry's names does not change it) and its [Detail]s in
// their order. An entry without details is fingerprinted as before they
// were read, {"v":1,…} without "details" ([EntryHashV1]): a clearance made
// then still holds for it, and lapses once the entry gains a date of
// birth or an ID. The line the entry was read from and its source URL are
// not part of it: they change when other entries do.
func EntryHash(e *Entry) string {
	if len(e.Details) == 0 {
		return EntryHashV1(e)
	}
	details := make([][2]string, len(e.Details))
	for i, d := range e.Details {
		details[i] = [2]string{d.Field, d.Value}
	}
	return fingerprint(2, e, details)
}

// EntryHashV1 is the fingerprint clearances were made with before an
// entry's details were read: [EntryHash] without them. A clearance whose
// hash is this one, and not EntryHash, was made for an entry that has
// details and says nothing about them: the policy tells that apart from an
// entry changed since.
func EntryHashV1(e *Entry) string { return fingerprint(1, e, nil) }

func fingerprint(v int, e *Entry, details [][2]string) string {
	sorted := func(s []string) []string {
		s = slices.Clone(s)
		slices.Sort(s)
		if s == nil {
			s = []string{}
		}
		return s
	}
	c := struct {
		V                     int         `json:"v"`
		ID                    string      `json:"id"`
		Source                string      `json:"source"`
		Type                  string      `json:"type"`
		Name                  string      `json:"name"`
		AltNames              []string    `json:"alt_names"`
		Addresses             []string    `json:"addresses"`
		Programs              []string    `json:"programs"`
		FederalRegisterNotice string      `json:"federal_register_notice"`
		StartDate             string      `json:"start_date"`
		EndDate               string      `json:"end_date"`
		LicenseRequirement    string      `json:"license_requirement"`
		LicensePolicy         string      `json:"license_policy"`
		Details               [][2]string `json:"details,omitempty"`
	}{v, e.ID, e.Source, e.Type, e.Name, sorted(e.AltNames), sorted(e.Addresses), sorted(e.Programs),
		e.FederalRegisterNotice, e.StartDate, e.EndDate, e.LicenseRequirement, e.LicensePolicy, details}
	b, err := json.Marshal(c)
	if err != nil {
		panic("screening: EntryHash: " + err.Error()) // strings only: cannot happen
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
