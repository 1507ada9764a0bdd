// Package dpa builds the documents a prospect's legal team asks for — the
// Data Processing Addendum, the NDA, the security overview and the
// subprocessor list — from the control catalog, renders them as PDF (fpdf,
// embedded Go fonts, deterministic bytes) or XLSX (excelize), encrypts PDFs
// (pdfcpu, AES-256) and writes and verifies packets with a SHA-256 manifest.
// It never prints and never exits.
package dpa

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"
	"time"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/text"
	"github.com/vouchcli/vouch/templates"
)

// Kind is one document kind.
type Kind string

// The document kinds, in packet order.
const (
	KindDPA           Kind = "dpa"
	KindNDA           Kind = "nda"
	KindOverview      Kind = "overview"
	KindSubprocessors Kind = "subprocessors"
)

// Kinds lists every document kind in packet order.
var Kinds = []Kind{KindDPA, KindNDA, KindOverview, KindSubprocessors}

// ParseKind checks s against the document kinds.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == strings.ToLower(strings.TrimSpace(s)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown document %q: want one of %s", s, KindNames())
}

// KindNames returns the valid kinds as "dpa, nda, overview, subprocessors".
func KindNames() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// template file and output base name of each kind.
var kindFiles = map[Kind]struct{ tmpl, base string }{
	KindDPA:           {"dpa.md", "dpa"},
	KindNDA:           {"nda.md", "nda"},
	KindOverview:      {"overview.md", "security-overview"},
	KindSubprocessors: {"subprocessors.md", "subprocessors"},
}

// FileBase is the file name of the kind without extension (dpa, nda,
// security-overview, subprocessors).
func (k Kind) FileBase() string { return kindFiles[k].base }

// Party is the customer as named on the documents.
type Party struct {
	Name      string `json:"name"`
	Address   string `json:"address,omitempty"`
	Signatory string `json:"signatory,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Options are the per-recipient inputs of a document.
type Options struct {
	Customer Party
	// Date is the document date (and the PDF creation date).
	Date time.Time
	// Law overrides the catalog's governing law.
	Law string
	// OneWay makes the NDA protect the vendor's disclosures only.
	OneWay bool
	// Watermark is drawn on every PDF page; "" for none.
	Watermark string
	// Revision is the catalog revision recorded in the document metadata.
	Revision string
	// Fonts supplies a font for the characters the embedded Go fonts lack
	// (CJK, Arabic, Hebrew, Devanagari ...); nil: such text is an error.
	Fonts FontSource
}

// MaxLaw bounds the governing law's length: it names a law ("the laws of
// England and Wales"), it is not a clause.
const MaxLaw = 200

// CheckDate refuses a document date outside 1980..2999: a zip cannot
// hold a date before 1980, and a year 0 or 9999 on a contract is a typo.
func CheckDate(d time.Time) error {
	if y := d.Year(); y < 1980 || y > 2999 {
		return fmt.Errorf("the year %04d is outside 1980..2999", y)
	}
	return nil
}

// ErrNoLaw is returned for an NDA when neither the catalog nor Options.Law
// names a governing law.
var ErrNoLaw = errors.New("the NDA needs a governing law: set governing_law in company.yaml or pass --law")

// Document is one rendered document: its Markdown source and the block
// model that the PDF and XLSX writers draw.
type Document struct {
	Kind     Kind
	Title    string
	Vendor   string // vendor trading name, for the running header
	Author   string // vendor legal name
	Subject  string
	Customer Party
	Date     time.Time
	// Watermark is drawn on every PDF page; "" for none.
	Watermark string
	Revision  string
	Fonts     FontSource
	Markdown  []byte
	Blocks    []Block
}

// Build runs the kind's template (the catalog's templates/ override first,
// then the embedded one) for the options and parses the Markdown.
func Build(cat *controls.Catalog, kind Kind, opts Options) (*Document, error) {
	kf, ok := kindFiles[kind]
	if !ok {
		return nil, fmt.Errorf("unknown document %q: want one of %s", kind, KindNames())
	}
	if strings.TrimSpace(opts.Customer.Name) == "" {
		return nil, errors.New("the customer name is empty")
	}
	if opts.Date.IsZero() {
		return nil, errors.New("the document date is not set")
	}
	if err := CheckDate(opts.Date); err != nil {
		return nil, fmt.Errorf("document date %s: %w", opts.Date.Format(time.DateOnly), err)
	}
	if n := len([]rune(opts.Law)); n > MaxLaw {
		return nil, fmt.Errorf("the governing law is %d characters long; at most %d", n, MaxLaw)
	}
	if kind == KindNDA && strings.TrimSpace(opts.Law) == "" && strings.TrimSpace(cat.Company.GoverningLaw) == "" {
		return nil, ErrNoLaw
	}
	src, name, err := templateSource(cat, kf.tmpl)
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, &TemplateError{Kind: "document", Name: name, Err: err}
	}
	data, err := newData(cat, kind, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, &TemplateError{Kind: "document", Name: name, Err: err}
	}
	markdown, err := numberClauses(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	blocks, title := parseMarkdown(markdown)
	if title == "" {
		return nil, fmt.Errorf("template %s: the document has no title (a first-level heading)", name)
	}
	if err := checkBlanks(blocks); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	vendor := text.FirstNonBlank(cat.Company.Name, cat.Company.LegalName)
	return &Document{
		Kind:      kind,
		Title:     title,
		Vendor:    vendor,
		Author:    text.FirstNonBlank(cat.Company.LegalName, vendor),
		Subject:   title + " between " + text.FirstNonBlank(cat.Company.LegalName, vendor) + " and " + opts.Customer.Name,
		Customer:  opts.Customer,
		Date:      opts.Date,
		Watermark: opts.Watermark,
		Revision:  opts.Revision,
		Fonts:     opts.Fonts,
		Markdown:  markdown,
		Blocks:    blocks,
	}, nil
}

// templateSource reads name from the catalog's templates/ folder when it
// holds one, else from the embedded templates. The returned name says which.
func templateSource(cat *controls.Catalog, file string) ([]byte, string, error) {
	if cat.Templates != nil {
		b, err := fs.ReadFile(cat.Templates, file)
		if err == nil {
			return b, path.Join(cat.Source, controls.TemplatesDir, file), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("read template %s/%s: %w", controls.TemplatesDir, file, err)
		}
	}
	b, err := fs.ReadFile(templates.Docs(), file)
	if err != nil {
		return nil, "", fmt.Errorf("read embedded template %s: %w", file, err)
	}
	return b, file, nil
}

// TemplateError is a template that does not parse or run; see
// templates.Error.
type TemplateError = templates.Error

var funcs = template.FuncMap{
	// required fails the template when v is empty: never a blank in a
	// legal document.
	"required": func(what string, v string) (string, error) {
		if strings.TrimSpace(v) == "" {
			return "", fmt.Errorf("%s is empty and the document needs it", what)
		}
		return v, nil
	},
	"join": strings.Join,
}

// checkBlanks refuses a table row or paragraph whose text ends in a dangling
// blank (a table cell left empty).
func checkBlanks(blocks []Block) error {
	for _, b := range blocks {
		if b.Type != BlockTable {
			continue
		}
		for i, row := range b.Rows {
			for j, c := range row {
				if strings.TrimSpace(runsText(c)) == "" {
					h := ""
					if j < len(b.Header) {
						h = runsText(b.Header[j])
					}
					return fmt.Errorf("table %q row %d: the %q cell is empty", b.Caption, i+1, h)
				}
			}
		}
	}
	return nil
}
