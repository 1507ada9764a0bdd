package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrustCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	logo := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>`), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "trust", "--out", dir, "--date", "2026-12-02", "--json", "--logo", logo, "--title", "Kora Studio Security", "-o", "json")
	if r.code != 0 {
		t.Fatalf("code %d: %s", r.code, r.err)
	}
	var res struct {
		Dir   string `json:"dir"`
		Files []struct {
			Name string `json:"name"`
			Size int    `json:"size"`
		} `json:"files"`
		Controls int `json:"controls"`
	}
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatalf("%v: %s", err, r.out)
	}
	if res.Dir != dir || len(res.Files) != 7 || res.Controls < 35 || !strings.Contains(r.err, "wrote "+dir) {
		t.Errorf("result %+v, stderr %q", res, r.err)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Kora Studio Security</title>", `src="logo.svg"`, "Generated on <time datetime=\"2026-12-02\">2026-12-02</time> by vouch "} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	for _, name := range []string{"trust.json", "trust.css", "logo.svg", "fonts/go-regular.ttf", "fonts/go-bold.ttf", "fonts/LICENSE"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}

	// Same catalog and date, --force: the same bytes.
	if r := run(t, "trust", "--out", dir, "--date", "2026-12-02", "--json", "--logo", logo, "--title", "Kora Studio Security", "--force"); r.code != 0 {
		t.Fatalf("--force: %d %s", r.code, r.err)
	} else if again, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(again) != string(index) {
		t.Error("the same inputs gave another page")
	}

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"trust", "--out", dir, "--date", "2026-12-02"}, 1, "already exists (use --force"},
		{[]string{"trust"}, 2, "--out DIR is required"},
		{[]string{"trust", "--out", dir, "--date", "2-12-2026"}, 2, "--date"},
		{[]string{"trust", "--out", dir, "--force", "--exclude", "pricing"}, 2, `--exclude "pricing": unknown section or domain`},
		{[]string{"trust", "--out", dir, "--force", "--only-domains", "contacts"}, 2, `--only-domains "contacts"`},
		{[]string{"trust", "--out", dir, "--force", "--logo", filepath.Join(dir, "trust.css")}, 1, "logo " + filepath.Join(dir, "trust.css") + ": unusable logo: not a PNG"},
		{[]string{"trust", "--out", dir, "--force", "--logo", filepath.Join(dir, "nope.png")}, 1, "read logo"},
	} {
		r := run(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.err, tc.msg) || strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", tc.args, r.code, r.err, tc.code, tc.msg)
		}
	}
}

func TestTrustTemplateOverride(t *testing.T) {
	cat := filepath.Join(t.TempDir(), "catalog")
	if r := run(t, "init", cat, "--example", "kora"); r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.err)
	}
	if err := os.MkdirAll(filepath.Join(cat, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cat, "templates", "trust.html"), []byte("<!DOCTYPE html>\n<title>{{.Title}}</title>\n<p>{{.Missing}}</p>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "trust", "--catalog", cat, "--out", filepath.Join(t.TempDir(), "site"))
	if r.code != 1 || !strings.Contains(r.err, "templates/trust.html:3:") {
		t.Errorf("broken override: %d %q", r.code, r.err)
	}
}
