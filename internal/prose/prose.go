// Package prose writes counts as compliance staff read them: "1 line",
// "7 lines", "1,234 lines", and the word that agrees with the count.
package prose

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// Count is n and the noun, in the plural (the noun and an s) unless n is
// 1, its digits grouped by thousands: "1 line", "0 lines", "1,234 lines".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return printer.Sprintf("%d %ss", n, noun)
}

// Number is n with its digits grouped by thousands: "10,000".
func Number(n int) string { return printer.Sprintf("%d", n) }

// Agree is one when n is 1 and many otherwise: the verb or noun that
// agrees with a count ("1 line was", "7 lines were").
func Agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
