// Package text holds small string helpers shared by the library packages.
package text

import "strings"

// FirstNonBlank returns the first value that holds more than white space,
// or "".
func FirstNonBlank(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
