package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, dir, body string) string {
	t.Helper()
	p := filepath.Join(dir, "vouch.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Defect 17.4 and issue 14: vouch.yaml is parsed strictly; a typo is a
// file:line error, never a silent fall back to the embedded Kora catalog.
func TestConfigStrict(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		body, want string
	}{
		{"catlog: ./acme\n", `vouch.yaml:1: unknown key "catlog" (did you mean "catalog"?); known keys: catalog, min_confidence, governing_law, signatory, output`},
		{"catalog: x\nbogus: 1\n", `vouch.yaml:2: unknown key "bogus"`},
		{"min_confidence: 0.8\nmin_confidence: 0.7\n", "vouch.yaml:2: min_confidence is set twice (first on line 1)"},
		{"min_confidence: NaN\n", `vouch.yaml:1: min_confidence: "NaN" is not a number above 0 and at most 1`},
		{"min_confidence: 1.5\n", "is not a number above 0 and at most 1"},
		{"output: xml\n", `vouch.yaml:1: output: invalid output format "xml"`},
		{"catalog: [a, b]\n", "vouch.yaml:1: catalog must be a single value"},
		{"- catalog\n", "vouch.yaml:1: the config must be a mapping"},
		{"catalog: [unclosed\n", "config "},
	}
	for _, tt := range tests {
		cfg := writeConfig(t, dir, tt.body)
		r := run(t, "--config", cfg, "controls", "list")
		if r.code != 1 || !strings.Contains(r.err, tt.want) || strings.Count(strings.TrimSpace(r.err), "\n") != 0 {
			t.Errorf("%q: exit %d, stderr %q; want 1 and %q", tt.body, r.code, r.err, tt.want)
		}
		if r.out != "" {
			t.Errorf("%q: a refused config still listed controls", tt.body)
		}
	}
	// The same file found in the working directory.
	t.Chdir(dir)
	writeConfig(t, dir, "catlog: ./acme\n")
	if r := run(t, "controls", "list"); r.code != 1 || !strings.Contains(r.err, `vouch.yaml:1: unknown key "catlog"`) {
		t.Errorf("./vouch.yaml with a typo: %+v", r)
	}
}

// Defect 17.18: ./vouch.yaml as a folder is an error, not skipped.
func TestConfigFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "vouch.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if r := run(t, "controls", "list"); r.code != 1 || !strings.Contains(r.err, "config vouch.yaml: a folder, not a file") {
		t.Errorf("%+v", r)
	}
	if r := run(t, "--config", "vouch.yaml", "controls", "list"); r.code != 1 || !strings.Contains(r.err, "a folder, not a file") {
		t.Errorf("--config a folder: %+v", r)
	}
}

// Flags override VOUCH_* variables, which override vouch.yaml.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"file-cat", "env-cat", "flag-cat"} {
		if r := run(t, "init", filepath.Join(dir, name), "--company", name+" Ltd"); r.code != 0 {
			t.Fatal(r.err)
		}
	}
	cfg := writeConfig(t, dir, "# defaults for the team\ncatalog: file-cat\noutput: json\nmin_confidence: 0.8\ngoverning_law: the laws of Ireland\nsignatory: Jane Doe, CEO\n")
	company := func(r result) string {
		for _, w := range []string{"file-cat", "env-cat", "flag-cat"} {
			if strings.Contains(r.out, w+" Ltd") {
				return w
			}
		}
		return "none: " + r.err
	}
	// -o json comes from the file: gaps prints JSON with the company.
	if r := run(t, "--config", cfg, "gaps"); r.code != 0 || !strings.HasPrefix(r.out, "{") || company(r) != "file-cat" {
		t.Errorf("file: %s / %s", company(r), r.out[:min(len(r.out), 80)])
	}
	t.Setenv("VOUCH_CATALOG", filepath.Join(dir, "env-cat"))
	if r := runEnv(t, "--config", cfg, "gaps"); company(r) != "env-cat" {
		t.Errorf("env over file: %s", company(r))
	}
	if r := runEnv(t, "--config", cfg, "gaps", "--catalog", filepath.Join(dir, "flag-cat")); company(r) != "flag-cat" {
		t.Errorf("flag over env: %s", company(r))
	}
	t.Setenv("VOUCH_OUTPUT", "yaml")
	if r := runEnv(t, "--config", cfg, "gaps"); !strings.HasPrefix(r.out, "catalog:") {
		t.Errorf("VOUCH_OUTPUT over the file: %q", r.out[:min(len(r.out), 40)])
	}
	if r := runEnv(t, "--config", cfg, "gaps", "-o", "csv"); !strings.HasPrefix(r.out, "id,severity") {
		t.Errorf("-o over VOUCH_OUTPUT: %q", r.out[:min(len(r.out), 40)])
	}
	// A format the command does not offer is left to the command's default.
	t.Setenv("VOUCH_OUTPUT", "")
	if r := runEnv(t, "--config", cfg, "init", filepath.Join(dir, "x"), "--example", "proto"); r.code != 0 {
		t.Errorf("init with output: json in the config: %+v", r)
	}
	t.Setenv("VOUCH_MIN_CONFIDENCE", "NaN")
	if r := runEnv(t, "--config", cfg, "controls", "list"); r.code != 1 || !strings.Contains(r.err, "VOUCH_MIN_CONFIDENCE: min_confidence: \"NaN\"") {
		t.Errorf("bad VOUCH_MIN_CONFIDENCE: %+v", r)
	}
}

// governing_law in vouch.yaml is the default of --law: the NDA of a catalog
// without governing_law needs one.
func TestConfigGoverningLaw(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "nda.pdf")
	// without one, the NDA says the law is to be agreed, and stderr warns
	if r := run(t, "nda", "--customer", "Acme GmbH", "--date", "2026-12-01", "--out", out); r.code != 0 || !strings.Contains(r.err, "governing law to be agreed") {
		t.Fatalf("without a law: %+v", r)
	}
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, dir, "governing_law: the laws of Ireland\n")
	if r := run(t, "--config", cfg, "nda", "--customer", "Acme GmbH", "--date", "2026-12-01", "--out", out); r.code != 0 {
		t.Fatalf("with governing_law in vouch.yaml: %+v", r)
	}
	if info, err := os.Stat(out); err != nil || info.Size() < 1000 {
		t.Errorf("nda.pdf: %v", err)
	}
}
