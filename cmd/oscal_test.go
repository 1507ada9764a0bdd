package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/oscal"
)

func TestOSCALExportImport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "kora.json")
	r := run(t, "oscal", "export", "--out", out)
	if r.code != 0 || !strings.Contains(r.err, "wrote "+out+": OSCAL 1.1.3 component-definition, 63 controls,") {
		t.Fatalf("export: %+v", r)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// stdout without --out: the same bytes.
	if r := run(t, "oscal", "export"); r.code != 0 || r.out != string(b) {
		t.Errorf("stdout export differs from --out (code %d)", r.code)
	}
	if r := run(t, "oscal", "export", "--out", out); r.code != 1 || !strings.Contains(r.err, "already exists: pass --force") {
		t.Errorf("existing --out: %+v", r)
	}
	if r := run(t, "oscal", "export", "--out", out, "--force", "--model", "catalog"); r.code != 0 {
		t.Errorf("--force --model catalog: %+v", r)
	}
	if c, _ := os.ReadFile(out); !strings.HasPrefix(string(c), "{\n  \"catalog\": {") {
		t.Errorf("--model catalog wrote %.40q", c)
	}
	if r := run(t, "oscal", "export", "--model", "ssp"); r.code != 2 || !strings.Contains(r.err, `--model: model "ssp" is not one of`) {
		t.Errorf("bad --model: %+v", r)
	}

	src := filepath.Join(dir, "proto.json")
	if r := run(t, "oscal", "export", "--catalog", "../examples/proto-studio", "--out", src); r.code != 0 {
		t.Fatalf("proto export: %+v", r)
	}
	cat := filepath.Join(dir, "proto-catalog")
	r = run(t, "oscal", "import", src, "--out", cat, "-o", "json")
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	var res struct {
		Controls int   `json:"controls"`
		Valid    bool  `json:"valid"`
		Unmapped []any `json:"unmapped"`
	}
	if err := json.Unmarshal([]byte(r.out), &res); err != nil || !res.Valid || res.Controls < 10 || len(res.Unmapped) != 0 {
		t.Errorf("import report: %v %+v\n%s", err, res, r.out)
	}
	if r := run(t, "controls", "validate", "--catalog", cat); r.code != 0 {
		t.Errorf("imported catalog does not validate: %+v", r)
	}
	if r := run(t, "oscal", "import", src, "--out", cat); r.code != 1 || !strings.Contains(r.err, "not empty (use --force") {
		t.Errorf("non-empty --out: %+v", r)
	}
	if r := run(t, "oscal", "import", src); r.code != 2 || !strings.Contains(r.err, "--out DIR is required") {
		t.Errorf("no --out: %+v", r)
	}
	bad := filepath.Join(dir, "ssp.json")
	if err := os.WriteFile(bad, []byte(`{"system-security-plan": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "oscal", "import", bad, "--out", filepath.Join(dir, "x"))
	if r.code != 1 || r.err != "error: "+bad+": an OSCAL system security plan (SSP): vouch imports component definitions only\n" {
		t.Errorf("SSP: %+v", r)
	}
}

// An import that needs fixing exits 1 and prints one line per problem, with
// the file and line; the unmapped items are on stdout.
func TestOSCALImportNeedsFixing(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "cd.json")
	doc := `{"component-definition": {"uuid": "a7ba800c-a432-44cd-9075-0862cd66da6b",
  "metadata": {"title": "t", "last-modified": "2026-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.3"},
  "components": [{"uuid": "91f646c5-b1b6-4786-9ec3-2305a044e217", "type": "service", "title": "Widget", "description": "d",
    "control-implementations": [{"uuid": "49f0b690-ed9f-4f32-aae0-625b77aa6d27", "source": "https://example.com/c.json", "description": "x",
      "implemented-requirements": [{"uuid": "cf8338c5-fb6e-4593-a4a8-b3c4946ee080", "control-id": "ac-2", "description": "Accounts.",
        "props": [{"name": "implementation-status", "value": "partial"}]}]}]}]}}`
	if err := os.WriteFile(src, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	cat := filepath.Join(dir, "catalog")
	r := run(t, "oscal", "import", src, "--out", cat)
	if r.code != 1 {
		t.Fatalf("code %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.err, "error: "+src+": imported into "+cat+", but the catalog does not validate; fix: "+cat+"/controls/widget.yaml:5: control ac-2 is partial but has no caveat") {
		t.Errorf("stderr:\n%s", r.err)
	}
	if !strings.Contains(r.out, "no provider organization") || !strings.Contains(r.out, "the control-ids refer to https://example.com/c.json") {
		t.Errorf("stdout:\n%s", r.out)
	}
}

// Flags bind into the options (captured through runF, nothing runs).
func TestOSCALFlags(t *testing.T) {
	ios, _, _, _ := term.Test()
	f := &Factory{IOStreams: ios}
	var exp *OSCALExportOptions
	var imp *OSCALImportOptions
	root := newCmdOSCAL(f, func(o *OSCALExportOptions) error { exp = o; return nil }, func(o *OSCALImportOptions) error { imp = o; return nil })
	root.SetArgs([]string{"export", "--model", "catalog", "--out", "x.json", "--force"})
	if err := root.Execute(); err != nil || exp == nil || exp.model != oscal.CatalogModel || exp.Out != "x.json" || !exp.Force {
		t.Errorf("export: %v %+v", err, exp)
	}
	root.SetArgs([]string{"import", "cd.yaml", "--out", "dir", "-o", "yaml"})
	if err := root.Execute(); err != nil || imp == nil || imp.File != "cd.yaml" || imp.Out != "dir" || imp.format != output.YAML || imp.Force {
		t.Errorf("import: %v %+v", err, imp)
	}
}
