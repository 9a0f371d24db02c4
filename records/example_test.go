package records_test

import (
	"fmt"
	"log"

	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
)

func ExampleLoad() {
	set, err := records.Load("../examples/records")
	if err != nil {
		log.Fatal(err) // records.Errors: every problem, with its file and line
	}
	for _, l := range set.Licences {
		fmt.Println(l.Number, l.Kind, l.Status, l.Destinations, l.QuantityLimits)
	}
	l, _ := set.Licence("D1234567")
	fmt.Println(l.NamesEndUser("FALCON COMPUTE DATA CENTER, L.L.C."))
	// Output:
	// D1234567 license active [AE] map[nvidia-h100-sxm5:100]
	// VEU-DC-0001 veu active [AE] map[]
	// D1100042 license active [AE] map[3A090.a:500]
	// D1200077 license revoked [AE] map[]
	// true
}

func ExampleEntryHash() {
	set, err := records.Load("../examples/records/clearances")
	if err != nil {
		log.Fatal(err)
	}
	c := set.Clearances[0]
	for _, e := range screening.Excerpt().Entries {
		if e.ID == c.Entry {
			fmt.Println(c.Outcome, "for", c.EndUser, "holds for the entry as listed:", records.EntryHash(&e) == c.EntryHash)
		}
	}
	// Output:
	// false_positive for Atlas Sanatgar Trading holds for the entry as listed: true
}
