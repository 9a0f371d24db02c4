package checker

// ForgetPolicies empties the cache of compiled policies: the next New
// compiles its policy.
func ForgetPolicies() { compiledPolicies.forget(nil) }

// SamePolicy reports whether two checkers evaluate one compiled policy.
func SamePolicy(a, b *Checker) bool { return a.comp == b.comp }
