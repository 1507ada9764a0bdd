// Package templates embeds vouch's assets: the default control catalog
// (Kora Studio's) and the document templates.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed catalog
var catalogFS embed.FS

// DefaultCatalog returns the embedded default catalog; its root is the
// catalog directory (company.yaml, controls/, ...).
func DefaultCatalog() fs.FS {
	sub, err := fs.Sub(catalogFS, "catalog")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory
	}
	return sub
}

//go:embed frameworks
var frameworksFS embed.FS

// Frameworks returns the embedded framework criteria lists (soc2.yaml,
// iso27001.yaml: IDs and short titles), for controls.LoadCriteria.
func Frameworks() fs.FS {
	sub, err := fs.Sub(frameworksFS, "frameworks")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory
	}
	return sub
}

//go:embed docs
var docsFS embed.FS

// Docs returns the embedded document templates (dpa.md, nda.md, overview.md,
// subprocessors.md): Markdown with Go text/template, for package dpa.
func Docs() fs.FS {
	sub, err := fs.Sub(docsFS, "docs")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory
	}
	return sub
}
