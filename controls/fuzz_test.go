package controls

import (
	"context"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// FuzzLoad: any controls file loads or fails with problems, never panics.
func FuzzLoad(f *testing.F) {
	for _, fsys := range bothCatalogs() {
		files, _ := fs.Glob(fsys, "controls/*.yaml")
		for _, p := range files[:2] {
			b, _ := fs.ReadFile(fsys, p)
			f.Add(b)
		}
	}
	f.Add([]byte(controlsYAML))
	f.Add([]byte("controls:\n  - id: X-1\n    review_every: 999999999999y\n"))
	f.Add([]byte("control: []\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m := catalogFS(nil)
		m["controls/encryption.yaml"] = &fstest.MapFile{Data: src}
		cat, err := Load(context.Background(), m, "c")
		if err == nil && cat == nil {
			t.Fatal("no catalog and no error")
		}
	})
}

// FuzzYAMLEdit: whatever the file looks like, an owner set on its first
// control gives a file that decodes to the edited tree (the splice, or the
// whole tree when a splice would not be exact).
func FuzzYAMLEdit(f *testing.F) {
	for _, fsys := range bothCatalogs() {
		files, _ := fs.Glob(fsys, "controls/*.yaml")
		for _, p := range files[:3] {
			b, _ := fs.ReadFile(fsys, p)
			f.Add(b, "DPO")
		}
	}
	f.Add([]byte(controlsYAML), "Security: lead # x")
	f.Add([]byte("controls: [{id: A-1, owner: x}]\n"), "y")
	f.Add([]byte("controls:\n- id: A-1\n  statement: |\n    # not a comment\n  owner: z\n"), "multi\nline")
	f.Fuzz(func(t *testing.T, src []byte, owner string) {
		e, err := newYAMLEdit(src)
		if err != nil {
			return
		}
		node := findFirstControl(&e.doc)
		if node == nil {
			return
		}
		e.setValue(node, "owner", textScalar(owner, mapValue(node, "owner")), controlKeys)
		out, err := e.Bytes()
		if err != nil {
			return
		}
		var got, want any
		if err := yaml.Unmarshal(out, &got); err != nil {
			t.Fatalf("edited file does not parse: %v\n%s", err, out)
		}
		if err := e.doc.Decode(&want); err != nil {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("edited file differs from the edited tree:\n%s", out)
		}
	})
}

func findFirstControl(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	seq := mapValue(doc.Content[0], "controls")
	if seq == nil || seq.Kind != yaml.SequenceNode || len(seq.Content) == 0 || seq.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	return seq.Content[0]
}
