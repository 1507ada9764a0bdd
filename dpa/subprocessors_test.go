package dpa

import (
	"strings"
	"testing"

	"github.com/vouchcli/vouch/controls"
)

// TestSubprocessorsAsStated: Annex III and the subprocessor list state the
// subprocessors as each catalog states them, and say "None engaged" only
// when the catalog says none.
func TestSubprocessorsAsStated(t *testing.T) {
	none := kora(t)
	none.Subprocessors = controls.Subprocessors{Published: true, URL: "https://example.com/subprocessors", None: true}
	tests := map[string]struct {
		cat       *controls.Catalog
		want, not []string
	}{
		// Kora: categories only, not named, the list on request.
		"kora": {kora(t), []string{"Not named publicly (hosting); name on request", "No subprocessor is named publicly: each entry below is a category of service provider", "available on request"}, []string{"None engaged"}},
		// Proto: engages subprocessors, names none.
		"proto": {proto(t), []string{"Engaged, not named publicly: list on request", "Subprocessors are engaged but none is named publicly"}, []string{"None engaged", "engages no subprocessor"}},
		// The test catalog names them.
		"lumen": {lumen(t), []string{"2 of 3 subprocessors are named publicly"}, []string{"None engaged", "Engaged, not named"}},
		// A catalog that says none.
		"none": {none, []string{"None engaged", "engages no subprocessor", "The Processor engages no Subprocessor at the date of this DPA"}, []string{"Engaged, not named"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			for _, k := range []Kind{KindDPA, KindSubprocessors} {
				doc, err := Build(tt.cat, k, testOptions())
				if err != nil {
					t.Fatal(err)
				}
				text := doc.Text()
				if k == KindDPA {
					text = text[strings.Index(text, "6. Subprocessors"):strings.Index(text, "7. Assistance")] + text[strings.Index(text, "Annex III"):]
				}
				for _, w := range tt.want {
					if strings.Contains(w, "The Processor engages") && k != KindDPA {
						continue
					}
					if !strings.Contains(text, w) {
						t.Errorf("%s lacks %q:\n%s", k, w, text)
					}
				}
				for _, n := range tt.not {
					if strings.Contains(text, n) {
						t.Errorf("%s says %q:\n%s", k, n, text)
					}
				}
				for _, s := range tt.cat.Subprocessors.Entries {
					if s.Name != "" && !strings.Contains(text, s.Name) {
						t.Errorf("%s lacks the named subprocessor %q", k, s.Name)
					}
				}
			}
		})
	}
	// none: true with entries is a catalog error.
	bad := lumen(t)
	bad.Subprocessors.None = true
	found := false
	for _, p := range controls.Validate(bad) {
		found = found || strings.Contains(p.String(), "subprocessors.yaml: none: true says no subprocessor is engaged, and the list has")
	}
	if !found {
		t.Errorf("validate: %v", controls.Validate(bad))
	}
}
