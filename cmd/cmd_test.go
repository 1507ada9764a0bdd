package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vouchcli/vouch/internal/term"
)

type result struct {
	out, err string
	code     int
}

// run runs vouch with args in a test factory (no terminal, no color, no
// vouch.yaml from the working directory: the config file is forced empty).
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runCtx(t, context.Background(), args...)
}

// runCtx is run with a context (a signal is its cancellation).
func runCtx(t *testing.T, ctx context.Context, args ...string) result {
	t.Helper()
	ios, _, out, errOut := term.Test()
	return runIOS(t, ctx, ios, out, errOut, args...)
}

// runIOS runs vouch on the given streams, whose stdout and stderr are out
// and errOut.
func runIOS(t *testing.T, ctx context.Context, ios *term.IOStreams, out, errOut fmt.Stringer, args ...string) result {
	t.Helper()
	f := &Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	t.Setenv("VOUCH_CATALOG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code := Run(ctx, f, args)
	return result{out.String(), errOut.String(), code}
}

func TestControlsListDefault(t *testing.T) {
	r := run(t, "controls", "list", "-o", "json")
	if r.code != 0 {
		t.Fatalf("code %d: %s", r.code, r.err)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) < 35 || len(list) > 70 {
		t.Errorf("default catalog has %d controls, want 35–70", len(list))
	}
	for _, c := range list {
		for _, k := range []string{"id", "title", "domain", "status", "statement"} {
			if s, _ := c[k].(string); s == "" {
				t.Errorf("control %v has no %s", c["id"], k)
			}
		}
	}
	// Piped table: tab-separated, no ANSI codes.
	r = run(t, "controls", "list", "--domain", "encryption", "--status", "partial")
	if r.code != 0 || !strings.Contains(r.out, "ENC-02\tencryption\tpartial") || strings.Contains(r.out, "\x1b[") {
		t.Errorf("table:\n%s\n%s", r.out, r.err)
	}
	for _, format := range []string{"yaml", "csv"} {
		if r := run(t, "controls", "list", "-o", format); r.code != 0 || !strings.Contains(r.out, "ENC-02") {
			t.Errorf("-o %s: %d %s", format, r.code, r.err)
		}
	}
}

func TestControlsShow(t *testing.T) {
	r := run(t, "controls", "show", "enc-02", "-o", "json")
	if r.code != 0 {
		t.Fatalf("%d %s", r.code, r.err)
	}
	var c map[string]any
	if err := json.Unmarshal([]byte(r.out), &c); err != nil {
		t.Fatal(err)
	}
	if c["status"] != "partial" || c["caveat"] == "" || c["caveat"] == nil {
		t.Errorf("ENC-02 = %v", c)
	}
	if r := run(t, "controls", "show", "NOPE-9"); r.code != 1 || !strings.Contains(r.err, `no control "NOPE-9"`) {
		t.Errorf("unknown control: %+v", r)
	}
}

func TestValidateBothCatalogs(t *testing.T) {
	if r := run(t, "controls", "validate"); r.code != 0 || !strings.Contains(r.out, "valid") {
		t.Errorf("default: %+v", r)
	}
	if r := run(t, "controls", "validate", "--catalog", "../examples/proto-studio"); r.code != 0 {
		t.Errorf("proto: %+v", r)
	}
}

// runEnv is run without emptying VOUCH_CATALOG: the test sets the
// environment it needs.
func runEnv(t *testing.T, args ...string) result {
	t.Helper()
	ios, _, out, errOut := term.Test()
	f := &Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code := Run(context.Background(), f, args)
	return result{out.String(), errOut.String(), code}
}

func TestInitEditValidate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	if r := run(t, "init", dir, "--example", "kora"); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	if r := run(t, "init", dir, "--example", "kora"); r.code != 1 || !strings.Contains(r.err, "not empty") {
		t.Errorf("second init: %+v", r)
	}
	// Break it: a typo in a field name, a bad status, a duplicate id.
	enc := filepath.Join(dir, "controls", "encryption.yaml")
	src, _ := os.ReadFile(enc)
	broken := strings.Replace(string(src), "statement:", "statment:", 1)
	broken = strings.Replace(broken, "status: partial", "status: sort-of", 1)
	if err := os.WriteFile(enc, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "controls", "validate", "--catalog", dir)
	if r.code != 1 {
		t.Fatalf("code %d: %s", r.code, r.err)
	}
	lines := strings.Split(strings.TrimSpace(r.err), "\n")
	if len(lines) < 2 {
		t.Errorf("want one line per problem, got:\n%s", r.err)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "error: "+dir+"/controls/encryption.yaml:") {
			t.Errorf("line without file:line: %q", l)
		}
	}
	if !strings.Contains(r.err, `unknown field "statment"`) || !strings.Contains(r.err, `status "sort-of"`) {
		t.Errorf("stderr:\n%s", r.err)
	}
	// JSON keeps the problems on stdout and still exits 1.
	r = run(t, "controls", "validate", "--catalog", dir, "-o", "json")
	if r.code != 1 || !strings.Contains(r.out, `"valid": false`) {
		t.Errorf("json: %+v", r)
	}
}

func TestControlsSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	if r := run(t, "init", dir, "--example", "kora"); r.code != 0 {
		t.Fatal(r.err)
	}
	r := run(t, "controls", "set", "ENC-02", "--catalog", dir, "--status", "implemented", "--reviewed", "2026-11-20",
		"--evidence", "name=TLS scan,ref=evidence/tls.pdf,collected=2026-11-01,expires=2027-11-01")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r = run(t, "controls", "show", "ENC-02", "--catalog", dir, "-o", "json")
	if !strings.Contains(r.out, `"status": "implemented"`) || !strings.Contains(r.out, `"ref": "evidence/tls.pdf"`) {
		t.Errorf("after set:\n%s", r.out)
	}
}

func TestBadInput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	notCatalog := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing catalog dir", []string{"controls", "list", "--catalog", missing}, 1, "catalog " + missing + ": no such directory"},
		{"not a catalog", []string{"controls", "validate", "--catalog", notCatalog}, 1, "not a vouch catalog"},
		{"bad status flag", []string{"controls", "list", "--status", "sort-of"}, 2, `--status: status "sort-of" is not one of`},
		{"set bad status", []string{"controls", "set", "ENC-02", "--status", "sort-of"}, 2, "--status"},
		{"evidence without name", []string{"controls", "set", "ENC-02", "--evidence", "ref=x.pdf"}, 2, "has no name="},
		{"set on embedded", []string{"controls", "set", "ENC-02", "--status", "planned"}, 1, "embedded default catalog is read-only"},
		{"set nothing", []string{"controls", "set", "ENC-02"}, 2, "nothing to change"},
		{"unknown flag", []string{"controls", "list", "--bogus"}, 2, "unknown flag: --bogus"},
		{"missing argument", []string{"controls", "show"}, 2, "accepts 1 arg(s)"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad output format", []string{"controls", "list", "-o", "xml"}, 2, `invalid output format "xml"`},
		{"unknown domain", []string{"controls", "list", "--domain", "astrology"}, 2, "unknown domain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", r.code, tt.code, r.err)
			}
			first := strings.SplitN(r.err, "\n", 2)[0]
			if !strings.Contains(first, tt.want) || !strings.HasPrefix(first, "error: ") {
				t.Errorf("stderr first line %q does not say %q", first, tt.want)
			}
			if strings.Contains(r.err, "goroutine") || strings.Contains(r.err, "panic") {
				t.Errorf("stack trace on stderr: %s", r.err)
			}
		})
	}
}

func TestVersionAndCompletion(t *testing.T) {
	if r := run(t, "version"); r.code != 0 || !strings.HasPrefix(r.out, "vouch ") {
		t.Errorf("%+v", r)
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		if r := run(t, "completion", sh); r.code != 0 || len(r.out) < 100 {
			t.Errorf("completion %s: %d %s", sh, r.code, r.err)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "catalog")
	if r := run(t, "init", cat, "--company", "Zed Ltd"); r.code != 0 {
		t.Fatal(r.err)
	}
	cfg := filepath.Join(dir, "vouch.yaml")
	if err := os.WriteFile(cfg, []byte("catalog: catalog\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "--config", cfg, "controls", "validate")
	if r.code != 0 || !strings.Contains(r.out, cat) {
		t.Errorf("config file: %+v", r)
	}
	t.Setenv("VOUCH_CATALOG", "")
	if r := run(t, "--config", filepath.Join(dir, "missing.yaml"), "controls", "list"); r.code != 1 {
		t.Errorf("missing config file: %+v", r)
	}
}

// A folder holding the vouch binary itself must not be read as a config.
func TestConfigIgnoresBinaryNamedVouch(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "vouch"), []byte("\x7fELF\x02\x01\x01\x00binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if r := run(t, "version"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if err := os.WriteFile(filepath.Join(dir, "vouch.yaml"), []byte("catalog: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "controls", "list"); r.code != 1 || !strings.Contains(r.err, "config vouch.yaml") {
		t.Errorf("a broken vouch.yaml: %+v", r)
	}
}

func TestControlsEvidenceCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	if r := run(t, "init", dir, "--example", "kora"); r.code != 0 {
		t.Fatal(r.err)
	}
	file := filepath.Join(dir, "controls", "encryption.yaml")
	orig, _ := os.ReadFile(file)
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"add", "ENC-02", "name=KMS config,kind=config,ref=evidence/kms.png,collected=2025-11-01,expires=2026-11-01"}, 0, "updated ENC-02"},
		{[]string{"add", "ENC-02", "name=KMS config,kind=config,ref=evidence/kms-2026.png,collected=2026-11-01,expires=2027-11-01"}, 0, "updated ENC-02"},
		{[]string{"rm", "ENC-02", "KMS config"}, 1, "2 evidence items named \"KMS config\""},
		{[]string{"replace", "ENC-02", "kms config", "ref=evidence/kms-2025.pdf,collected=2025-11-01,expires=2026-11-01", "--collected", "2025-11-01"}, 0, "updated ENC-02"},
		{[]string{"rm", "ENC-02", "KMS config", "--collected", "2025-11-01"}, 0, "updated ENC-02"},
		{[]string{"rm", "ENC-02", "nope"}, 1, `no evidence "nope"`},
		{[]string{"add", "ENC-02", "ref=x.pdf"}, 2, "has no name="},
		{[]string{"rm", "ENC-02", "x", "--collected", "2025-13-01"}, 2, "--collected"},
		{[]string{"add", "ENC-02"}, 2, "requires at least 2 arg(s)"},
	}
	for _, s := range steps {
		r := run(t, append(append([]string{"controls", "evidence"}, s.args...), "--catalog", dir)...)
		if r.code != s.code || !strings.Contains(r.err, s.want) {
			t.Fatalf("%v: exit %d, stderr %q; want %d and %q", s.args, r.code, r.err, s.code, s.want)
		}
	}
	r := run(t, "controls", "show", "ENC-02", "--catalog", dir, "-o", "json")
	var c struct {
		Evidence []struct{ Ref string } `json:"evidence"`
	}
	if err := json.Unmarshal([]byte(r.out), &c); err != nil || len(c.Evidence) != 1 || c.Evidence[0].Ref != "evidence/kms-2026.png" {
		t.Errorf("evidence after the steps: %v %s", err, r.out)
	}
	// Removing the last item too gives back the original file, byte for byte.
	if r := run(t, "controls", "evidence", "rm", "ENC-02", "KMS config", "--catalog", dir); r.code != 0 {
		t.Fatal(r.err)
	}
	if got, _ := os.ReadFile(file); string(got) != string(orig) {
		t.Errorf("the file did not come back:\n%s", got)
	}
}

func TestInitStarterAndExamples(t *testing.T) {
	base := t.TempDir()
	acme := filepath.Join(base, "acme")
	if r := run(t, "init", acme, "--company", "Acme Inc."); r.code != 0 || !strings.Contains(r.err, "wrote 17 files") {
		t.Fatalf("init --company: %+v", r)
	}
	// grep -ri kora acme/: nothing.
	_ = filepath.WalkDir(acme, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if strings.Contains(strings.ToLower(string(b)), "kora") {
				t.Errorf("%s names Kora", p)
			}
		}
		return err
	})
	if r := run(t, "controls", "validate", "--catalog", acme); r.code != 0 || !strings.Contains(r.out, "valid (25 controls") {
		t.Errorf("validate starter: %+v", r)
	}
	if r := run(t, "controls", "list", "--catalog", acme, "--status", "draft", "-o", "csv"); r.code != 0 || strings.Count(r.out, ",draft,") != 25 {
		t.Errorf("drafts listed: %+v", r)
	}
	r := run(t, "gaps", "--catalog", acme, "-o", "json")
	if r.code != 0 || strings.Count(r.out, `"kind": "draft"`) != 25 || !strings.Contains(r.out, `"company": "Acme Inc."`) {
		t.Errorf("gaps on the starter: %d %s", r.code, r.err)
	}
	for name, want := range map[string]string{"kora": "Kora Studio", "proto": "Proto Studio"} {
		dir := filepath.Join(base, name)
		if r := run(t, "init", dir, "--example", name); r.code != 0 {
			t.Fatalf("--example %s: %+v", name, r)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "company.yaml"))
		if !strings.Contains(string(b), "name: "+want) {
			t.Errorf("--example %s: company.yaml does not name %s", name, want)
		}
		if r := run(t, "controls", "validate", "--catalog", dir); r.code != 0 {
			t.Errorf("--example %s: %+v", name, r)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"init", filepath.Join(base, "x")}, "give --company NAME"},
		{[]string{"init", filepath.Join(base, "x"), "--company", "A", "--example", "kora"}, "do not go together"},
		{[]string{"init", filepath.Join(base, "x"), "--example", "acme"}, `unknown example "acme"`},
		{[]string{"init", filepath.Join(base, "x"), "--company", " "}, "the company name is empty"},
	} {
		if r := run(t, tc.args...); r.code != 2 || !strings.Contains(r.err, tc.want) {
			t.Errorf("%v: %+v", tc.args, r)
		}
	}
	if _, err := os.Stat(filepath.Join(base, "x")); err == nil {
		t.Error("a refused init wrote its folder")
	}
}
