package templates

import (
	"errors"
	"strings"
	"testing"
	"text/template"
)

func TestErrorNamesKindFileAndLine(t *testing.T) {
	_, perr := template.New("catalog/templates/dpa.md").Parse("a\n{{ .X ")
	if perr == nil {
		t.Fatal("the template parsed")
	}
	err := error(&Error{Kind: "document", Name: "catalog/templates/dpa.md", Err: perr})
	msg := err.Error()
	if !strings.HasPrefix(msg, "document template catalog/templates/dpa.md:2:") {
		t.Errorf("message %q does not name the kind, file and line", msg)
	}
	if strings.Contains(msg, "template: ") {
		t.Errorf("message %q repeats text/template's prefix", msg)
	}
	if !errors.Is(err, perr) {
		t.Error("Unwrap does not reach the parse error")
	}
	// a message that does not start with the name gets it
	other := (&Error{Kind: "trust page", Name: "trust.html", Err: errors.New("boom")}).Error()
	if other != "trust page template trust.html: boom" {
		t.Errorf("got %q", other)
	}
}
