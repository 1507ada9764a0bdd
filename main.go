// Command vouch keeps a vendor's security control catalog, fills buyers'
// security questionnaires from it, generates DPA and NDA packets and lists
// evidence gaps.
package main

import (
	"os"

	"github.com/vouchcli/vouch/cmd"
)

func main() {
	os.Exit(cmd.Main())
}
