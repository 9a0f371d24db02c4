package review

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// Reference documents the policies and the regulation data: every
// annotated rule grouped by package, the rule timeline and the notices.
type Reference struct {
	Revision string
	Packages []PackageDoc
	Timeline []TimelineEntry
	Notices  []NoticeDoc
	EndUses  []TableDoc // data.end_uses
	RedFlags []TableDoc // data.red_flags
}

// TableDoc is one entry of a data table the policies read by key: its
// key, title, citation, and a note (an end use's scope and review policy;
// whether a red flag is on).
type TableDoc struct {
	Key, Title, Citation, Note string
}

// PackageDoc is one Rego package: its METADATA and its annotated rules in
// source order.
type PackageDoc struct {
	Path        string // e.g. "exportcheck.license"
	Title       string
	Description string
	Rules       []RuleDoc
}

// RuleDoc is one annotated rule.
type RuleDoc struct {
	ID             string // custom.id
	Path           string // the rule's path, e.g. "exportcheck.license.in_group"
	Title          string
	Description    string
	Citation       string // custom.citation
	Effective      string // custom.effective
	EffectiveUntil string // custom.effective_until
	File           string
	Line           int
}

// TimelineEntry is one rule version in data.rules.
type TimelineEntry struct {
	ID, Title, Citation, Effective string
	Enforced                       bool
}

// NoticeDoc is one government notice in data.notices.
type NoticeDoc struct {
	ID, Title, Citation, Effective, Effect string
}

// BuildReference reads the METADATA of every policy module of a bundle
// (tests excluded) and the rule timeline and notices of its data.
func BuildReference(b *checker.Bundle) (*Reference, error) {
	ref := &Reference{Revision: b.Revision}
	pkgs := map[string]*PackageDoc{}
	names := make([]string, 0, len(b.Modules))
	for name := range b.Modules {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		m, err := ast.ParseModuleWithOpts(name, b.Modules[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		path := strings.TrimPrefix(m.Package.Path.String(), "data.")
		p := pkgs[path]
		if p == nil {
			p = &PackageDoc{Path: path}
			pkgs[path] = p
		}
		for _, a := range m.Annotations {
			switch a.Scope {
			case "package", "subpackages":
				if p.Title == "" {
					p.Title = a.Title
				}
				p.Description = joinText(p.Description, a.Description)
			case "rule", "document":
				r := RuleDoc{
					ID:             customString(a, "id"),
					Path:           strings.TrimPrefix(a.GetTargetPath().String(), "data."),
					Title:          a.Title,
					Description:    strings.TrimSpace(a.Description),
					Citation:       customString(a, "citation"),
					Effective:      customString(a, "effective"),
					EffectiveUntil: customString(a, "effective_until"),
				}
				if a.Location != nil {
					r.File, r.Line = a.Location.File, a.Location.Row
				}
				p.Rules = append(p.Rules, r)
			}
		}
	}
	for _, p := range pkgs {
		ref.Packages = append(ref.Packages, *p)
	}
	slices.SortFunc(ref.Packages, func(a, b PackageDoc) int { return strings.Compare(a.Path, b.Path) })
	for i := range ref.Packages {
		slices.SortStableFunc(ref.Packages[i].Rules, func(a, b RuleDoc) int {
			return cmp.Or(strings.Compare(a.File, b.File), a.Line-b.Line)
		})
	}
	rules, _ := b.Data["rules"].(map[string]any)
	for id, v := range rules {
		m, _ := v.(map[string]any)
		enforced, _ := m["enforced"].(bool)
		ref.Timeline = append(ref.Timeline, TimelineEntry{ID: id, Title: text(m["title"]), Citation: text(m["citation"]), Effective: text(m["effective"]), Enforced: enforced})
	}
	slices.SortFunc(ref.Timeline, func(a, b TimelineEntry) int {
		return cmp.Or(strings.Compare(a.Effective, b.Effective), strings.Compare(a.ID, b.ID))
	})
	notices, _ := b.Data["notices"].(map[string]any)
	for id, v := range notices {
		m, _ := v.(map[string]any)
		ref.Notices = append(ref.Notices, NoticeDoc{ID: id, Title: text(m["title"]), Citation: text(m["citation"]), Effective: text(m["effective"]), Effect: text(m["effect"])})
	}
	slices.SortFunc(ref.Notices, func(a, b NoticeDoc) int {
		return cmp.Or(strings.Compare(a.Effective, b.Effective), strings.Compare(a.ID, b.ID))
	})
	table := func(doc string, note func(m map[string]any) string) []TableDoc {
		t, _ := b.Data[doc].(map[string]any)
		var out []TableDoc
		for _, k := range slices.Sorted(maps.Keys(t)) {
			m, _ := t[k].(map[string]any)
			out = append(out, TableDoc{Key: k, Title: text(m["title"]), Citation: text(m["citation"]), Note: note(m)})
		}
		return out
	}
	ref.EndUses = table("end_uses", func(m map[string]any) string {
		parts := []string{text(m["scope"])}
		if p := text(m["review_policy"]); p != "" {
			parts = append(parts, strings.ReplaceAll(p, "_", " "))
		}
		return strings.Join(parts, "; ")
	})
	ref.RedFlags = table("red_flags", func(m map[string]any) string {
		if on, _ := m["enabled"].(bool); on {
			return "on"
		}
		return "off"
	})
	return ref, nil
}

func joinText(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}

func customString(a *ast.Annotations, key string) string { return text(a.Custom[key]) }

func text(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// WriteReference writes the reference as Markdown.
func WriteReference(w io.Writer, ref *Reference) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("# exportcheck rule reference\n\n")
	fmt.Fprintf(bw, "Generated by `exportcheck doc` from the policies' METADATA and the data (policy revision %s). Do not edit by hand.\n\n", reports.ShortHash(ref.Revision))
	bw.WriteString("- [Policies](#policies)\n- [Rule timeline](#rule-timeline)\n- [Government notices](#government-notices)\n\n")
	bw.WriteString("## Policies\n")
	for _, p := range ref.Packages {
		fmt.Fprintf(bw, "\n### Package `%s`", p.Path)
		if p.Title != "" {
			fmt.Fprintf(bw, ": %s", p.Title)
		}
		bw.WriteString("\n\n")
		if p.Description != "" {
			fmt.Fprintf(bw, "%s\n\n", p.Description)
		}
		if len(p.Rules) == 0 {
			bw.WriteString("No annotated rules.\n")
			continue
		}
		bw.WriteString("| ID | Rule | Title | Citation | Effective |\n|---|---|---|---|---|\n")
		for _, r := range p.Rules {
			fmt.Fprintf(bw, "| %s | `%s` | %s | %s | %s |\n", code(r.ID), r.Path, cell(r.Title), cell(dash(r.Citation)), cell(effective(r)))
		}
		for _, r := range p.Rules {
			if r.Description == "" {
				continue
			}
			name := r.ID
			if name == "" {
				name = r.Path
			}
			fmt.Fprintf(bw, "\n#### `%s`\n\n%s\n", name, r.Description)
			if r.File != "" {
				fmt.Fprintf(bw, "\nDefined in `%s:%d`.\n", r.File, r.Line)
			}
		}
	}
	bw.WriteString("\n## Rule timeline\n\nRule versions in `data.rules`; a rule that is not enforced is counted only by a regime that includes it.\n\n")
	bw.WriteString("| Rule | Title | Citation | Effective | Enforced |\n|---|---|---|---|---|\n")
	for _, r := range ref.Timeline {
		enforced := "no"
		if r.Enforced {
			enforced = "yes"
		}
		fmt.Fprintf(bw, "| `%s` | %s | %s | %s | %s |\n", r.ID, cell(r.Title), cell(dash(r.Citation)), dash(r.Effective), enforced)
	}
	bw.WriteString("\n## Government notices\n\nNotices in `data.notices` (is-informed letters, guidance): not rules, but dated facts the policies apply.\n\n")
	bw.WriteString("| Notice | Title | Citation | Effective | Effect |\n|---|---|---|---|---|\n")
	for _, n := range ref.Notices {
		fmt.Fprintf(bw, "| `%s` | %s | %s | %s | %s |\n", n.ID, cell(n.Title), cell(dash(n.Citation)), dash(n.Effective), dash(n.Effect))
	}
	if len(ref.EndUses) > 0 {
		bw.WriteString("\n## End uses\n\nThe values of the `end_use` column (`data.end_uses`): scope and review policy of the requirement each adds.\n\n")
		bw.WriteString("| End use | Title | Citation | Scope, review policy |\n|---|---|---|---|\n")
		for _, u := range ref.EndUses {
			fmt.Fprintf(bw, "| `%s` | %s | %s | %s |\n", u.Key, cell(u.Title), cell(dash(u.Citation)), cell(dash(u.Note)))
		}
	}
	if len(ref.RedFlags) > 0 {
		bw.WriteString("\n## Red flags\n\nBIS red flags an order book can show (`data.red_flags`); each makes a line `review` when on.\n\n")
		bw.WriteString("| Red flag | Title | Citation | On |\n|---|---|---|---|\n")
		for _, f := range ref.RedFlags {
			fmt.Fprintf(bw, "| `%s` | %s | %s | %s |\n", f.Key, cell(f.Title), cell(dash(f.Citation)), f.Note)
		}
	}
	return bw.Flush()
}

func code(s string) string {
	if s == "" {
		return "—"
	}
	return "`" + s + "`"
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func effective(r RuleDoc) string {
	switch {
	case r.Effective != "" && r.EffectiveUntil != "":
		return r.Effective + " until " + r.EffectiveUntil
	case r.Effective != "":
		return "from " + r.Effective
	case r.EffectiveUntil != "":
		return "until " + r.EffectiveUntil
	}
	return "—"
}
