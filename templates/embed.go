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
	return mustSub(catalogFS, "catalog")
}

//go:embed frameworks
var frameworksFS embed.FS

// Frameworks returns the embedded framework criteria lists (soc2.yaml,
// iso27001.yaml: IDs and short titles), for controls.LoadCriteria.
func Frameworks() fs.FS {
	return mustSub(frameworksFS, "frameworks")
}

//go:embed docs
var docsFS embed.FS

// Docs returns the embedded document templates (dpa.md, nda.md, overview.md,
// subprocessors.md): Markdown with Go text/template, for package dpa.
func Docs() fs.FS {
	return mustSub(docsFS, "docs")
}

// mustSub returns dir of an embedded tree; the go:embed patterns above
// guarantee that each directory exists, so an error is a build mistake.
func mustSub(fsys embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

//go:embed trust
var trustFS embed.FS

// Trust returns the embedded trust-page templates (trust.html, an
// html/template, and trust.css) and fonts/LICENSE, for package trust.
func Trust() fs.FS {
	return mustSub(trustFS, "trust")
}
