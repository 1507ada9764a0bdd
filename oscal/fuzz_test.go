package oscal

import (
	"strings"
	"testing"
)

// FuzzDecode: no input makes Parse or Decode panic or hang, and an error
// is one line naming the file.
func FuzzDecode(f *testing.F) {
	kora := export(f, load(f, catalogs(f)["kora"], "kora"), ComponentDefinitionModel)
	f.Add(kora[:4096])

	f.Add([]byte(`{"component-definition": {"uuid": "a7ba800c-a432-44cd-9075-0862cd66da6b", "components": [{"title": "x",
	  "control-implementations": [{"source": "#nope", "set-parameters": [{"param-id": "p", "values": ["{{ insert: param, p }}"]}],
	  "implemented-requirements": [{"control-id": "ac-1", "description": "{{{{ insert: param, p }}}} {{ insert: param, q }}",
	    "links": [{"href": "#nope", "rel": "evidence"}], "statements": [{"description": 5}]}]}]}]}}`))
	f.Add([]byte(`{"component-definition": {"metadata": {"parties": [1, {"type": "organization", "addresses": [{}, {}]}]}, "back-matter": {"resources": [{"props": [{"ns": "` + NS + `", "name": "record", "value": "evidence"}]}]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		model, m, err := Parse("in.json", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "in.json: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q", err)
			}
			return
		}
		cat, _, err := Decode("in.json", model, m)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "in.json: ") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if _, err := catalogFiles(cat, "in.json"); err != nil {
			t.Fatal(err)
		}
	})
}
