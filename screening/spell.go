package screening

import "strings"

// Spell returns a party's name in the form a record (a licence, VEU,
// notification or clearance) is compared in: every word of the name in
// order — parenthesised parts, the parts after a ";" and stop words
// included — in ASCII lower case without punctuation, with company legal
// forms written one way ("Limited" is "ltd", "L.L.C." is "llc"). Whether
// two spellings are the same party is the policy's to say. [Normalize],
// the form screening compares, drops far more (legal forms, qualifiers in
// parentheses, the parts after ";"), as a matcher that must not miss a
// listed party should; a licence, which covers only the parties it names,
// must not read "Falcon Compute LLC" as naming "Falcon Compute GmbH
// (Beijing)".
func Spell(name string) string {
	ws := words(name)
	for i, w := range ws {
		if f, ok := companyForms[w]; ok {
			ws[i] = f
		}
	}
	return strings.Join(ws, " ")
}

// companyForms are the legal forms of companies, each mapped to one
// spelling.
var companyForms = map[string]string{
	"limited": "ltd", "incorporated": "inc", "corporation": "corp", "company": "co",
	"gesmbh": "gmbh", "aktiengesellschaft": "ag",
}
