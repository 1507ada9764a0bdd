package templates

import "strings"

// Error is a template (a catalog's override or an embedded one) that does
// not parse or run. Its message names what the template is for, its file
// and, where text/template says it, the line and the missing field:
// "trust page template catalog/templates/trust.html:1: ...".
type Error struct {
	Kind string // what the template makes: "trust page", "document"
	Name string // the template's file, as its user knows it
	Err  error
}

func (e *Error) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "template: ")
	if !strings.HasPrefix(msg, e.Name) {
		msg = e.Name + ": " + msg
	}
	return e.Kind + " template " + msg
}

func (e *Error) Unwrap() error { return e.Err }
