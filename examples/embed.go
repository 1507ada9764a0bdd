// Package examples embeds the example catalogs, for vouch init --example and
// for tests: Proto Studio's catalog, built from its privacy policy, which
// shows that nothing in vouch is specific to the default (Kora Studio's).
package examples

import (
	"embed"
	"io/fs"
)

//go:embed proto-studio
var protoFS embed.FS

// ProtoStudio returns the Proto Studio catalog; its root is the catalog
// directory (company.yaml, controls/, ...).
func ProtoStudio() fs.FS {
	sub, err := fs.Sub(protoFS, "proto-studio")
	if err != nil {
		panic(err) // the go:embed pattern above guarantees the folder
	}
	return sub
}
