package reports

// SetSARIFMaxGzip lowers the compressed size a SARIF file is kept within,
// for a test; it returns a function that restores it.
func SetSARIFMaxGzip(n int) (restore func()) {
	old := sarifMaxGzip
	sarifMaxGzip = n
	return func() { sarifMaxGzip = old }
}

// GzipSize is gzipSize, for tests.
func GzipSize(b []byte) int { return gzipSize(b) }

// SetSARIFMaxResults lowers the most results a SARIF run holds, for a
// test; it returns a function that restores it.
func SetSARIFMaxResults(n int) (restore func()) {
	old := sarifMaxResults
	sarifMaxResults = n
	return func() { sarifMaxResults = old }
}
