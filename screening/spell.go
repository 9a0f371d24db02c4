package screening

import "strings"

// Spelling is a party's name in the two forms an authorization compares
// (the policy decides which names are the same party): Full is every
// word of the name in order — parenthesised parts, the parts after a ";"
// and stop words included — in ASCII lower case without punctuation, with
// company legal forms written one way ("Limited" is "ltd", "L.L.C." is
// "llc"); Bare is Full without its legal forms. [Normalize], the form
// screening compares, drops far more (legal forms, qualifiers in
// parentheses, the parts after ";"), as a matcher that must not miss a
// listed party should; a licence, which covers only the parties it names,
// must not read "Falcon Compute LLC" as naming "Falcon Compute GmbH
// (Beijing)".
type Spelling struct {
	Full string `json:"spelling"`
	Bare string `json:"bare"`
}

// Spell returns the [Spelling] of a name.
func Spell(name string) Spelling {
	var full, bare []string
	for _, w := range words(name) {
		if f, ok := companyForms[w]; ok {
			full = append(full, f)
			continue
		}
		full = append(full, w)
		bare = append(bare, w)
	}
	return Spelling{Full: strings.Join(full, " "), Bare: strings.Join(bare, " ")}
}

// companyForms are the legal forms of companies a name may end or begin
// with, each mapped to one spelling. Words that are legal forms only in
// some names ("public", "state", "joint", "stock", "as") are not here: in
// a spelling they are words of the name.
var companyForms = func() map[string]string {
	m := map[string]string{
		"limited": "ltd", "incorporated": "inc", "corporation": "corp", "company": "co",
		"gesmbh": "gmbh", "aktiengesellschaft": "ag",
	}
	for _, f := range strings.Fields(`co corp inc ltd llc llp lp plc pte pty pvt gmbh mbh ag kg kgaa
		sa sas sarl srl spa bv nv ab oy oyj kft sro jsc ojsc cjsc pjsc ooo ao zao oao pao
		kk bhd sdn tbk fze fzco fzc fzllc wll`) {
		m[f] = f
	}
	return m
}()
