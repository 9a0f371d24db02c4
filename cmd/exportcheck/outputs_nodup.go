//go:build !unix

package main

import "os"

// dupFile is false where descriptors cannot be copied: the path is
// opened as any other.
func dupFile(int, string) (*os.File, bool) { return nil, false }
