package records

import (
	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/screening"
)

// Record kinds, the value of each document's "record" field.
const (
	recordLicence      = "licence"
	recordClearance    = "clearance"
	recordNotification = "notification"
	recordAssignment   = "assignment"
)

var recordKinds = []string{recordLicence, recordClearance, recordNotification, recordAssignment}

var (
	productRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	eccnRE    = regexp.MustCompile(`^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$`)
	countryRE = regexp.MustCompile(`^[A-Z]{2}$`)
	flagRE    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	hashRE    = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	frRE      = regexp.MustCompile(`^[1-9][0-9]* FR [1-9][0-9]*$`)
	nacRE     = regexp.MustCompile(`^A[0-9]{6}$`)
)

// constant is the "record" field: its value was read to choose the table.
type constant string

func (constant) decode(*decoder, *yaml.Node) bool { return true }
func (c constant) schema() map[string]any         { return map[string]any{"const": string(c)} }

func itemsField(p *Items, seen lines) field {
	return field{"items", true, "what it covers: product IDs and/or ECCNs (at least one)", object{name: "items", lines: seen, fields: []field{
		{"products", false, "product IDs, as in the product data (e.g. nvidia-h100-sxm5)", list{p: &p.Products, name: "items.products", pattern: productRE, want: "a product ID (lower case, e.g. nvidia-h100-sxm5)"}},
		{"eccns", false, "ECCNs (e.g. 3A090.a)", list{p: &p.ECCNs, name: "items.eccns", pattern: eccnRE, want: "an ECCN (e.g. 3A090.a)"}},
	}}}
}

// fieldSet is a record's field table with the lines its values were on.
type fieldSet struct {
	fields []field
	seen   lines          // the record's fields
	items  lines          // items' fields
	limits map[string]int // quantity_limits' keys
}

func licenceFields(l *Licence) fieldSet {
	fs := fieldSet{seen: lines{}, items: lines{}, limits: map[string]int{}}
	fs.fields = []field{
		{"record", true, "", constant(recordLicence)},
		{"number", true, "the licence or VEU authorization number", text{p: &l.Number, name: "number", id: true}},
		{"kind", true, "license (a BIS licence) or veu (a Validated End-User authorization)", enum[Kind]{p: &l.Kind, name: "kind", values: []Kind{KindLicense, KindVEU}}},
		{"status", true, "as BIS last said", enum[Status]{p: &l.Status, name: "status", values: []Status{StatusActive, StatusRevoked, StatusSuspended}}},
		{"status_from", false, "for a revoked or suspended licence, the day that took effect, YYYY-MM-DD: it still covers what ships before (without it, nothing)", date{p: &l.StatusFrom, name: "status_from"}},
		{"issued", true, "date of issue, YYYY-MM-DD", date{p: &l.Issued, name: "issued"}},
		{"expires", false, "expiry date, YYYY-MM-DD (required for kind license)", date{p: &l.Expires, name: "expires"}},
		{"extended", false, "for kind license, BIS's extension of its validity or the licence's own stated validity, as text (e.g. validity extended to 2031-06-30 by BIS on 2030-01-05): with it, expires counts as checked against the licence and a validity longer than the standard one is not warned of", text{p: &l.Extended, name: "extended"}},
		itemsField(&l.Items, fs.items),
		{"destinations", true, "destination countries, ISO 3166-1 alpha-2 codes", list{p: &l.Destinations, name: "destinations", pattern: countryRE, want: "an ISO 3166-1 alpha-2 country code (e.g. AE)"}},
		{"consignee", false, "the consignee named on the licence", text{p: &l.Consignee, name: "consignee"}},
		{"federal_register", false, "for kind veu, the Federal Register citation(s) under which BIS listed the VEU and its eligible destinations in Supplement No. 7 to part 748, e.g. 89 FR 12345 (a VEU without it covers nothing); one or a list", oneOrMore{list{p: &l.FederalRegister, name: "federal_register", pattern: frRE, want: "a Federal Register citation, volume FR page (e.g. 89 FR 12345)"}}},
		{"end_users", true, "end users (for a VEU, its eligible sites): the licence names an order's end user spelt alike (case, punctuation and the spelling of a legal form aside); another spelling needs an assignment", list{p: &l.EndUsers, name: "end_users", want: "a name", key: screening.Normalize}},
		{"quantity_limits", false, "units allowed per product ID or ECCN of items", limits{p: &l.QuantityLimits, name: "quantity_limits", lines: fs.limits}},
		{"value_limit_usd", false, "value allowed, in US dollars", amount{p: &l.ValueLimitUSD, name: "value_limit_usd"}},
		{"value_drawn_before_usd", false, valueDrawnBefore("value_limit_usd"), amount{p: &l.ValueDrawnBeforeUSD, name: "value_drawn_before_usd"}},
		{"conditions", false, "conditions and provisos, as text", text{p: &l.Conditions, name: "conditions"}},
		{"flags", false, "machine-readable conditions the policy reads, e.g. requires_end_use_certificate", list{p: &l.Flags, name: "flags", pattern: flagRE, want: "a flag in snake_case (e.g. requires_end_use_certificate)"}},
	}
	return fs
}

func clearanceFields(c *Clearance) fieldSet {
	fs := fieldSet{seen: lines{}}
	fs.fields = []field{
		{"record", true, "", constant(recordClearance)},
		{"end_user", true, "the end user's name, matched as screening normalises names", text{p: &c.EndUser, name: "end_user"}},
		{"entry", true, "the screening list entry's _id", text{p: &c.Entry, name: "entry", id: true}},
		{"entry_name", false, "the entry's name, for the reader", text{p: &c.EntryName, name: "entry_name"}},
		{"list", false, "the entry's list (EL, UVL, SDN, ...), for the reader", text{p: &c.List, name: "list"}},
		{"entry_hash", true, "the entry's hash as it stood (exportcheck clear computes it)", text{p: &c.EntryHash, name: "entry_hash", pattern: hashRE, want: "sha256: and 64 lower-case hex digits"}},
		{"outcome", true, "false_positive (not the listed party) or true_match (the listed party)", enum[Outcome]{p: &c.Outcome, name: "outcome", values: []Outcome{FalsePositive, TrueMatch}}},
		{"by", true, "who adjudicated", text{p: &c.By, name: "by"}},
		{"at", true, "when, YYYY-MM-DD", date{p: &c.At, name: "at"}},
		{"reason", true, "why", text{p: &c.Reason, name: "reason"}},
		{"expires", true, "until when, YYYY-MM-DD (at most a year after at)", date{p: &c.Expires, name: "expires"}},
		{"recorded", false, "the day the record was written, YYYY-MM-DD, on or after at (exportcheck clear and the review desk set it): a line that shipped before it is not cleared by it, whatever at says (a record made after a shipment is evidence of a later review, not of screening before it); without it, the record counts as written on at", date{p: &c.Recorded, name: "recorded"}},
	}
	return fs
}

func notificationFields(n *Notification) fieldSet {
	fs := fieldSet{seen: lines{}, items: lines{}}
	fs.fields = []field{
		{"record", true, "", constant(recordNotification)},
		{"bis_reference", true, "the reference BIS gave the notification", text{p: &n.BISReference, name: "bis_reference", id: true}},
		{"exception", true, "the License Exception it was filed for", enum[Exception]{p: &n.Exception, name: "exception", values: []Exception{ExceptionNAC, ExceptionACA}}},
		{"filed_on", true, "the date it was filed, YYYY-MM-DD", date{p: &n.FiledOn, name: "filed_on"}},
		itemsField(&n.Items, fs.items),
		{"destination", true, "destination country, ISO 3166-1 alpha-2 code", text{p: &n.Destination, name: "destination", pattern: countryRE, want: "an ISO 3166-1 alpha-2 country code (e.g. CN)"}},
		{"end_user", true, "the end user's name: the notification names an order's end user spelt alike (case, punctuation and the spelling of a legal form aside); another spelling needs an assignment", text{p: &n.EndUser, name: "end_user"}},
		{"consignee", false, "the ultimate consignee the notification names (BIS allows one a notification): when given, the record covers only lines whose consignee column names the same party, spelt alike", text{p: &n.Consignee, name: "consignee"}},
		{"quantity", true, "units notified", count{p: &n.Quantity, name: "quantity"}},
		{"value_usd", false, "the total dollar value notified, in US dollars (15 CFR 740.8(a)(2)(ii): shipments under one NAC notification may not exceed its dollar value or its quantity); drawn down by each line's quantity × unit_value; a NAC notification without it covers no line", amount{p: &n.ValueUSD, name: "value_usd"}},
		{"value_drawn_before_usd", false, valueDrawnBefore("value_usd"), amount{p: &n.ValueDrawnBeforeUSD, name: "value_drawn_before_usd"}},
		{"status", true, "filed (waiting for BIS), confirmed (BIS confirmed that License Exception NAC may be used, with a NAC confirmation number), or objected (BIS said a licence is required)", enum[NotificationStatus]{p: &n.Status, name: "status", values: []NotificationStatus{NotificationFiled, NotificationConfirmed, NotificationObjected}}},
		{"confirmation", false, "the NAC confirmation number BIS gave (A and six digits, as entered in AES); required for status confirmed", text{p: &n.Confirmation, name: "confirmation", pattern: nacRE, want: "A and six digits (e.g. A123456), the NAC confirmation number"}},
	}
	return fs
}

// valueDrawnBefore describes value_drawn_before_usd, of a record whose
// value is the field limit.
func valueDrawnBefore(limit string) string {
	return "the value, in US dollars, of the shipments committed to a ledger under it before " + limit + " was recorded (they drew units only): counted as drawn on it; while a ledger holds such shipments and this is not given, the record covers no line that draws on its value"
}

func assignmentFields(a *Assignment) fieldSet {
	fs := fieldSet{seen: lines{}}
	fs.fields = []field{
		{"record", true, "", constant(recordAssignment)},
		{"end_user", true, "the end user as orders spell it (case, punctuation and the spelling of a legal form aside)", text{p: &a.EndUser, name: "end_user"}},
		{"licence", false, "the licence or VEU number whose end user (or site) it is (this or notification)", text{p: &a.Licence, name: "licence", id: true}},
		{"notification", false, "the BIS reference of the notification whose end user it is (this or licence)", text{p: &a.Notification, name: "notification", id: true}},
		{"order", false, "the order it was made for, for the reader", text{p: &a.Order, name: "order"}},
		{"by", true, "who assigned it", text{p: &a.By, name: "by"}},
		{"at", true, "when, YYYY-MM-DD", date{p: &a.At, name: "at"}},
		{"reason", true, "why it is the same party (registration numbers, addresses, the licence application); for a withdrawal, why it was taken back", text{p: &a.Reason, name: "reason"}},
		{"status", false, "assigned (the default), or withdrawn: taken back, replacing the assignment of the same end user and record made before", enum[AssignmentStatus]{p: &a.Status, name: "status", values: []AssignmentStatus{AssignmentAssigned, AssignmentWithdrawn}}},
	}
	return fs
}

// schemaDoc is the JSON Schema of one record document, from the field
// tables: schema.json is this, kept in step by TestSchema.
func schemaDoc() map[string]any {
	var one []any
	for _, fs := range []fieldSet{licenceFields(&Licence{}), clearanceFields(&Clearance{}), notificationFields(&Notification{}), assignmentFields(&Assignment{})} {
		one = append(one, objectSchema(fs.fields))
	}
	return map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/exportcheck/exportcheck/records/schema.json",
		"title":       "exportcheck compliance record",
		"description": "One record per YAML document: a licence, a clearance, a notification or an assignment. Rules across fields (expires after issued, a BIS licence's expiry and limits, limits on listed items, a clearance's one-year term, unique numbers, an assignment's one record, that exists) are checked by exportcheck records check.",
		"oneOf":       one,
	}
}
