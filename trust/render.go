package trust

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/templates"
)

// The template files; a catalog's templates/ folder overrides each of them.
const (
	PageTemplate = "trust.html"
	StyleSheet   = "trust.css"
)

// TemplateError is a template that does not parse or run; see
// templates.Error.
type TemplateError = templates.Error

// asset reads file from the catalog's templates/ folder when it has one,
// else from the embedded templates; the name returned says which.
func asset(cat *controls.Catalog, file string) ([]byte, string, error) {
	return cat.TemplateFile(file, templates.Trust())
}

// nonID is what an id attribute drops: control IDs stay as distinct as the
// catalog keeps them (case-insensitively unique; . and _ are kept).
var nonID = regexp.MustCompile(`[^a-z0-9._]+`)

var funcs = template.FuncMap{
	// anchor makes an id attribute value out of words: "domain", "Access control" -> "domain-access-control".
	"anchor": func(parts ...string) string {
		s := strings.ToLower(strings.Join(parts, "-"))
		return strings.Trim(nonID.ReplaceAllString(s, "-"), "-")
	},
	"has": func(p *Page, section string) bool {
		for _, s := range p.Sections {
			if s == section {
				return true
			}
		}
		return false
	},
	"join": strings.Join,
}

// Render writes the page's HTML, from the catalog's trust.html when it has
// one, else the embedded template.
func Render(ctx context.Context, w io.Writer, cat *controls.Catalog, p *Page) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	src, name, err := asset(cat, PageTemplate)
	if err != nil {
		return err
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(string(src))
	if err != nil {
		return &TemplateError{Kind: "trust page", Name: name, Err: err}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return &TemplateError{Kind: "trust page", Name: name, Err: err}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// ErrLogo is returned (wrapped) for a logo that cannot go on the page.
var ErrLogo = errors.New("unusable logo")

// logoType returns the file extension for a logo image, from its content.
func logoType(b []byte) (string, error) {
	const max = 5 << 20
	if len(b) > max {
		return "", fmt.Errorf("%w: %d bytes; at most %d (5 MB)", ErrLogo, len(b), max)
	}
	switch http.DetectContentType(b) {
	case "image/png":
		return ".png", nil
	case "image/jpeg":
		return ".jpg", nil
	case "image/gif":
		return ".gif", nil
	case "image/webp":
		return ".webp", nil
	}
	head := strings.ToLower(string(b[:min(len(b), 1024)]))
	if strings.Contains(head, "<svg") {
		if strings.Contains(strings.ToLower(string(b)), "<script") {
			return "", fmt.Errorf("%w: the SVG holds a script, and the page carries no JavaScript", ErrLogo)
		}
		return ".svg", nil
	}
	return "", fmt.Errorf("%w: not a PNG, JPEG, GIF, WebP or SVG image", ErrLogo)
}
