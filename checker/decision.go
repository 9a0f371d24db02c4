package checker

import (
	"fmt"
	"strings"
)

// Decision is the outcome for one order line, ordered from least to most
// severe, so decisions compare with < and >.
type Decision int

// The decisions, least severe first.
const (
	Allow           Decision = iota // no license required (NLR)
	Licensed                        // an authorization the company holds covers it (Result.Authorization)
	Review                          // a person must look
	Exception                       // a license exception is available (named in Result.Exception)
	LicenseRequired                 // a BIS license is needed
	Prohibited                      // no export possible
)

var decisionNames = [...]string{"allow", "licensed", "review", "exception", "license_required", "prohibited"}

// Decisions lists every decision, least severe first.
func Decisions() []Decision {
	return []Decision{Allow, Licensed, Review, Exception, LicenseRequired, Prohibited}
}

func (d Decision) String() string {
	if d < 0 || int(d) >= len(decisionNames) {
		return fmt.Sprintf("Decision(%d)", int(d))
	}
	return decisionNames[d]
}

// ParseDecision parses a decision name as printed by String.
func ParseDecision(s string) (Decision, error) {
	for i, n := range decisionNames {
		if strings.EqualFold(s, n) {
			return Decision(i), nil
		}
	}
	switch { // the British spellings the prose uses
	case strings.EqualFold(s, "licence_required"):
		return LicenseRequired, nil
	case strings.EqualFold(s, "licenced"):
		return Licensed, nil
	}
	return 0, fmt.Errorf("unknown decision %q; known: %s", s, strings.Join(decisionNames[:], ", "))
}

// MarshalText implements encoding.TextMarshaler.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Decision) UnmarshalText(b []byte) error {
	v, err := ParseDecision(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
