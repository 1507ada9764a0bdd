package controls

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// TemplateFile reads file from the catalog's templates/ folder when it holds
// one, else from embedded (the shipped templates). The name returned says
// which was read: "<catalog>/templates/<file>" or "<file>".
func (c *Catalog) TemplateFile(file string, embedded fs.FS) ([]byte, string, error) {
	if c.Templates != nil {
		b, err := fs.ReadFile(c.Templates, file)
		if err == nil {
			return b, path.Join(c.Source, TemplatesDir, file), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("read template %s/%s: %w", TemplatesDir, file, err)
		}
	}
	b, err := fs.ReadFile(embedded, file)
	if err != nil {
		return nil, "", fmt.Errorf("read embedded template %s: %w", file, err)
	}
	return b, file, nil
}

// DomainTitle is a control domain as a heading: "vendor-management" ->
// "Vendor management"; "" -> "General".
func DomainTitle(d string) string {
	d = strings.ReplaceAll(strings.ReplaceAll(d, "-", " "), "_", " ")
	if d == "" {
		return "General"
	}
	return strings.ToUpper(d[:1]) + d[1:]
}

// Words is the status as a reader sees it: "Implemented", "Partially
// implemented", "Planned, not in place", "Alternative control", "Not
// applicable" (an unknown status as written).
func (s Status) Words() string {
	switch s {
	case Implemented:
		return "Implemented"
	case Partial:
		return "Partially implemented"
	case Planned:
		return "Planned, not in place"
	case Alternative:
		return "Alternative control"
	case NotApplicable:
		return "Not applicable"
	}
	return string(s)
}
