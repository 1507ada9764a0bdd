package controls

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/templates"
)

// textValues collects every scalar value of the YAML files of fsys.
func textValues(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				continue // keys are the schema, not the catalog's text
			}
			if c.Kind == yaml.ScalarNode {
				out = append(out, strings.Join(strings.Fields(c.Value), " "))
			}
			walk(c)
		}
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		var n yaml.Node
		if err := yaml.Unmarshal(b, &n); err != nil {
			return err
		}
		walk(&n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// init --company writes a starter that holds no string of Kora's catalog:
// not its name, addresses, product, and none of its titles, statements,
// caveats or sources; only the company given, drafts and fields to fill.
func TestStarterHoldsNoStringOfKora(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "acme")
	st, err := Starter("Acme Inc.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Init(ctx, st, dir, InitOptions{}); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			all.WriteString(string(b))
		}
		return err
	})
	got := strings.ToLower(strings.Join(strings.Fields(all.String()), " "))
	for _, word := range []string{"kora", "revit", "samira", "façade", "design teams", "sales@"} {
		if strings.Contains(got, word) {
			t.Errorf("the starter holds %q", word)
		}
	}
	checked := 0
	for _, v := range textValues(t, templates.DefaultCatalog()) {
		if len(strings.Fields(v)) < 3 {
			continue // ids, statuses, domains, dates, two-word terms: vocabulary, not claims
		}
		checked++
		if strings.Contains(got, strings.ToLower(v)) {
			t.Errorf("the starter holds Kora's %q", v)
		}
	}
	if checked < 200 {
		t.Fatalf("only %d strings of Kora's catalog checked", checked)
	}

	cat, err := Load(ctx, os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Company.Name != "Acme Inc." || len(cat.Company.Contacts) != 0 || len(cat.Certifications) != 0 || len(cat.Subprocessors.Entries) != 0 {
		t.Errorf("company = %+v", cat.Company)
	}
	if len(cat.Controls) < 20 || len(cat.Domains()) < 10 {
		t.Errorf("%d controls in %d domains", len(cat.Controls), len(cat.Domains()))
	}
	for _, c := range cat.Controls {
		if c.Status != Draft || c.Statement != "" || !c.IsDraft() {
			t.Errorf("%s: status %s, statement %q", c.ID, c.Status, c.Statement)
		}
	}
	// Each draft is a gap, and nothing is counted as claimed.
	rep, err := Gaps(ctx, cat, GapOptions{AsOf: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	drafts := 0
	for _, f := range rep.Findings {
		if f.Kind == KindDraft {
			drafts++
		}
	}
	if drafts != len(cat.Controls) || rep.Summary.ClaimedControls != 0 {
		t.Errorf("%d draft findings for %d controls, %d claimed", drafts, len(cat.Controls), rep.Summary.ClaimedControls)
	}
}

func TestStarterCompanyNames(t *testing.T) {
	for _, name := range []string{`Société "Générale": #1`, "Müller & Söhne GmbH", "- dash", "null", "'quoted'"} {
		st, err := Starter(name)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		cat, err := Load(context.Background(), st, "starter")
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if cat.Company.Name != name {
			t.Errorf("name %q came back as %q", name, cat.Company.Name)
		}
	}
	for _, bad := range []string{"", "  ", "Acme\nInc", strings.Repeat("x", 201)} {
		if _, err := Starter(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A draft may have no statement; any other status may not.
func TestDraftValidation(t *testing.T) {
	draft := strings.Replace(controlsYAML, "    status: implemented\n    statement: TLS protects data in transit.\n", "    status: draft\n    statement: \"\"\n", 1)
	if _, err := Load(context.Background(), catalogFS(map[string]string{"controls/encryption.yaml": draft}), "c"); err != nil {
		t.Errorf("a draft without a statement: %v", err)
	}
	noStatement := strings.Replace(draft, "status: draft", "status: implemented", 1)
	_, err := Load(context.Background(), catalogFS(map[string]string{"controls/encryption.yaml": noStatement}), "c")
	if err == nil || !strings.Contains(err.Error(), "ENC-01 has no statement") {
		t.Errorf("an implemented control without a statement: %v", err)
	}
}
