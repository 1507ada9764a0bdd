package cmd

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
)

func TestPacketBadInput(t *testing.T) {
	dir := t.TempDir()
	pwEmpty := filepath.Join(dir, "empty.txt")
	os.WriteFile(pwEmpty, nil, 0o600)
	out := filepath.Join(dir, "out")
	emptyManifest := filepath.Join(dir, "empty-packet")
	os.MkdirAll(emptyManifest, 0o755)
	os.WriteFile(filepath.Join(emptyManifest, "manifest.json"), []byte(`{"files":[]}`), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no customer", []string{"packet", "--out", out}, 2, []string{"--customer is required"}},
		{"blank customer", []string{"packet", "--customer", "  ", "--out", out}, 2, []string{"--customer is required"}},
		{"no out", []string{"packet", "--customer", "Acme"}, 2, []string{"--out DIR is required"}},
		{"unknown doc", []string{"packet", "--customer", "Acme", "--docs", "dpa,soc2", "--out", out}, 2, []string{`unknown document "soc2"`, "dpa, nda, overview, subprocessors"}},
		{"bad format", []string{"packet", "--customer", "Acme", "--format", "docx", "--out", out}, 2, []string{`unknown format "docx"`}},
		{"bad date", []string{"packet", "--customer", "Acme", "--date", "1/12/2026", "--out", out}, 2, []string{"--date"}},
		{"year zero", []string{"packet", "--customer", "Acme", "--date", "0000-01-01", "--law", "x", "--out", out}, 2, []string{"--date 0000-01-01", "outside 1980..2999"}},
		{"year 9999", []string{"nda", "--customer", "Acme", "--date", "9999-12-31", "--law", "x", "--out", filepath.Join(dir, "n.pdf")}, 2, []string{"--date 9999-12-31"}},
		{"law too long", []string{"packet", "--customer", "Acme", "--law", strings.Repeat("the laws of Ireland ", 2000), "--out", out}, 2, []string{"--law is 39999 characters long", "at most 200"}},
		{"verify a manifest with no files", []string{"packet", "verify", emptyManifest}, 1, []string{"lists no files"}},
		{"emoji", []string{"packet", "--customer", "Rocket 🚀 GmbH", "--law", "x", "--out", out}, 2, []string{"--customer needs emoji or symbol characters", "🚀", "--font"}},
		{"arabic", []string{"packet", "--customer", "شركة المثال", "--law", "x", "--out", out}, 2, []string{"--customer is in Arabic script", "--format xlsx"}},
		{"emoji sequence", []string{"packet", "--customer", "Love ❤️ GmbH", "--law", "x", "--out", out}, 2, []string{"--customer", "emoji sequence"}},
		{"font that is not TrueType", []string{"packet", "--customer", "株式会社サンプル", "--law", "x", "--font", pwEmpty, "--out", out}, 1, []string{"font", "not a font file"}},
		{"newline", []string{"packet", "--customer", "Acme\nEvil", "--out", out}, 2, []string{"control character"}},
		{"empty password file", []string{"packet", "--customer", "Acme", "--docs", "subprocessors", "--password-file", pwEmpty, "--out", out}, 1, []string{"password file", "is empty"}},
		{"missing password file", []string{"packet", "--customer", "Acme", "--docs", "subprocessors", "--password-file", filepath.Join(dir, "nope"), "--out", out}, 1, []string{"read password file"}},
		{"encrypt without a terminal", []string{"packet", "--customer", "Acme", "--docs", "subprocessors", "--encrypt", "--out", out}, 2, []string{"--password-file"}},
		{"watermark on xlsx", []string{"packet", "--customer", "Acme", "--format", "xlsx", "--watermark", "--out", out}, 2, []string{"PDF documents only"}},
		{"document extension", []string{"dpa", "--customer", "Acme", "--out", filepath.Join(dir, "a.docx")}, 2, []string{".pdf or .xlsx"}},
		{"verify missing", []string{"packet", "verify", filepath.Join(dir, "nope")}, 1, []string{"no such file or folder"}},
		{"verify no arg", []string{"packet", "verify"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.err, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.err)
				}
			}
			if strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
				t.Errorf("more than a line and a hint:\n%s", r.err)
			}
			if _, err := os.Stat(out); err == nil {
				entries, _ := os.ReadDir(out)
				if len(entries) > 0 {
					t.Errorf("left behind in %s: %v", out, entries)
				}
			}
		})
	}
}

func TestPacketNamesAndVerify(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("Ünïcode Holding ", 19)[:300]
	names := []string{`../../Evil/Co "Quoted" 'Ltd'`, "..", long}
	for _, name := range names {
		r := run(t, "packet", "--customer", name, "--docs", "subprocessors", "--date", "2026-12-01", "--out", dir, "-o", "json")
		if r.code != 0 {
			t.Fatalf("%q: exit %d: %s", name, r.code, r.err)
		}
		var m struct {
			Path      string `json:"path"`
			Recipient struct {
				Name string `json:"name"`
			} `json:"recipient"`
		}
		if err := json.Unmarshal([]byte(r.out), &m); err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(m.Path) != filepath.Clean(dir) || len(filepath.Base(m.Path)) > 60 || m.Recipient.Name != name {
			t.Errorf("%q: path %s, recipient %q", name, m.Path, m.Recipient.Name)
		}
		if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
			text, err := exec.Command(pdftotext, "-enc", "UTF-8", "-raw", filepath.Join(m.Path, "subprocessors.pdf"), "-").Output()
			if err != nil || !strings.Contains(strings.Join(strings.Fields(string(text)), " "), name) {
				t.Errorf("%q does not read back from the PDF: %v", name, err)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(names) {
		t.Errorf("packets: %v", entries)
	}

	// An existing packet without --force: exit 1, untouched.
	pkt := filepath.Join(dir, "evil-co-quoted-ltd")
	before, _ := os.ReadFile(filepath.Join(pkt, "manifest.json"))
	r := run(t, "packet", "--customer", names[0], "--docs", "subprocessors", "--out", dir)
	if r.code != 1 || !strings.Contains(r.err, "already exists") || !strings.Contains(r.err, "--force") {
		t.Errorf("existing packet: %d %s", r.code, r.err)
	}
	after, _ := os.ReadFile(filepath.Join(pkt, "manifest.json"))
	if string(before) != string(after) {
		t.Error("the existing packet changed")
	}

	r = run(t, "packet", "verify", pkt)
	if r.code != 0 || !strings.Contains(r.out, "subprocessors.pdf\tOK\t") {
		t.Errorf("verify: %d %s %s", r.code, r.out, r.err)
	}
	os.WriteFile(filepath.Join(pkt, "subprocessors.pdf"), []byte("%PDF-1.4 forged"), 0o644)
	r = run(t, "packet", "verify", pkt, "-o", "json")
	if r.code != 1 || !strings.Contains(r.err, "1 changed") {
		t.Errorf("verify changed: %d %s", r.code, r.err)
	}
	var res struct {
		OK    bool `json:"ok"`
		Files []struct{ Name, Status string }
	}
	if err := json.Unmarshal([]byte(r.out), &res); err != nil || res.OK || res.Files[0].Status != "CHANGED" {
		t.Errorf("verify json: %v %s", err, r.out)
	}
}

func TestBrokenOverrideTemplate(t *testing.T) {
	cat := t.TempDir()
	if err := os.CopyFS(cat, os.DirFS(filepath.Join("..", "examples", "proto-studio"))); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(cat, "templates"), 0o755)
	os.WriteFile(filepath.Join(cat, "templates", "dpa.md"), []byte("# DPA\n\nFor {{.Customer.Name}}\n{{.Customer.Nmae}}\n"), 0o644)
	out := t.TempDir()
	r := run(t, "--catalog", cat, "packet", "--customer", "Acme", "--docs", "dpa", "--out", out)
	if r.code != 1 || !strings.Contains(r.err, filepath.Join(cat, "templates", "dpa.md")+":4") || !strings.Contains(r.err, "Nmae") {
		t.Errorf("broken template: %d %s", r.code, r.err)
	}
	os.WriteFile(filepath.Join(cat, "templates", "dpa.md"), []byte("# DPA\n\n{{range .Measures}}\n"), 0o644)
	r = run(t, "--catalog", cat, "dpa", "--customer", "Acme", "--out", filepath.Join(out, "a.pdf"))
	if r.code != 1 || !strings.Contains(r.err, filepath.Join("templates", "dpa.md")+":") || !strings.Contains(r.err, "unexpected EOF") {
		t.Errorf("unparsable template: %d %s", r.code, r.err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestDocumentCommands(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "acme-nda.pdf")
	r := run(t, "nda", "--customer", "Acme Inc.", "--one-way", "--law", "the laws of England and Wales", "--date", "2026-12-01", "--out", pdf)
	if r.code != 0 || strings.TrimSpace(r.out) != pdf {
		t.Fatalf("nda: %d %s %s", r.code, r.out, r.err)
	}
	first, _ := os.ReadFile(pdf)
	if r := run(t, "nda", "--customer", "Acme Inc.", "--law", "x", "--out", pdf); r.code != 1 || !strings.Contains(r.err, "already exists") {
		t.Errorf("no --force: %d %s", r.code, r.err)
	}
	if r := run(t, "nda", "--customer", "Acme Inc.", "--one-way", "--law", "the laws of England and Wales", "--date", "2026-12-01", "--out", pdf, "--force"); r.code != 0 {
		t.Errorf("--force: %d %s", r.code, r.err)
	}
	second, _ := os.ReadFile(pdf)
	if string(first) != string(second) {
		t.Error("two runs with the same --date differ")
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command(bin, "-enc", "UTF-8", pdf, "-").Output()
		if !strings.Contains(string(text), "Non-Disclosure Agreement (One-Way)") || !strings.Contains(string(text), "the laws of England and Wales") {
			t.Errorf("nda text:\n%.400s", text)
		}
	}
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("s3cret\n"), 0o600)
	enc := filepath.Join(dir, "acme-dpa.pdf")
	r = run(t, "dpa", "--customer", "Acme Inc.", "--watermark", "--password-file", pw, "--out", enc)
	if r.code != 0 {
		t.Fatalf("dpa: %d %s", r.code, r.err)
	}
	qpdf := testutil.RequireTool(t, "qpdf")
	if err := exec.Command(qpdf, "--check", enc).Run(); err == nil {
		t.Error("the encrypted DPA opens without its password")
	}
	if out, err := exec.Command(qpdf, "--password=s3cret", "--check", enc).CombinedOutput(); err != nil {
		t.Errorf("the password (final newline trimmed) does not open it: %v %s", err, out)
	}
	r = run(t, "dpa", "--customer", "Acme Inc.", "--password", "s3cret", "--out", filepath.Join(dir, "b.pdf"))
	if r.code != 0 || !strings.Contains(r.err, "warning: --password") {
		t.Errorf("--password: %d %s", r.code, r.err)
	}
	xlsx := filepath.Join(dir, "acme-dpa.xlsx")
	if r := run(t, "dpa", "--customer", "Rocket 🚀 GmbH", "--out", xlsx); r.code != 0 {
		t.Errorf("xlsx with emoji name: %d %s", r.code, r.err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestNoGoverningLaw: the embedded catalog names no governing law (Kora's
// pages publish none). The NDA is still made, with a marked blank that the
// parties fill, and stderr says so; a law from --law prints without warning.
func TestNoGoverningLaw(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "acme-nda.pdf")
	r := run(t, "nda", "--customer", "Acme Inc.", "--out", pdf)
	if r.code != 0 || !strings.Contains(r.err, `warning: the catalog names no governing law: the NDA says "[governing law to be agreed]"`) {
		t.Fatalf("nda: %d %s", r.code, r.err)
	}
	r = run(t, "packet", "--customer", "Acme Inc.", "--format", "xlsx", "--out", filepath.Join(dir, "packets"))
	if r.code != 0 || !strings.Contains(r.err, "no governing law") {
		t.Errorf("packet: %d %s", r.code, r.err)
	}
	for _, args := range [][]string{
		{"packet", "--customer", "Acme Inc.", "--docs", "dpa,overview", "--out", filepath.Join(dir, "no-nda")}, // no NDA in it
		{"nda", "--customer", "Acme Inc.", "--law", "the laws of Ireland", "--out", filepath.Join(dir, "ie.pdf")},
	} {
		if r := run(t, args...); r.code != 0 || strings.Contains(r.err, "warning") {
			t.Errorf("%v: %d %s", args, r.code, r.err)
		}
	}
	bin := testutil.RequireTool(t, "pdftotext")
	text, err := exec.Command(bin, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "This Agreement is governed by [governing law to be agreed]") {
		t.Errorf("nda text lacks the marked blank:\n%.2000s", text)
	}
}

// TestPacketSignAndVerifyKey: packet --sign KEY writes manifest.json.sig;
// packet verify --key PUB passes it, and fails on another key or on a
// missing signature.
func TestPacketSignAndVerifyKey(t *testing.T) {
	keygen := testutil.RequireTool(t, "ssh-keygen")
	dir := t.TempDir()
	key, other := filepath.Join(dir, "id_ed25519"), filepath.Join(dir, "other")
	for _, k := range []string{key, other} {
		if out, err := exec.Command(keygen, "-q", "-t", "ed25519", "-N", "", "-f", k).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
	}
	out := filepath.Join(dir, "out")
	r := run(t, "packet", "--customer", "Acme Inc.", "--docs", "subprocessors", "--date", "2026-12-01", "--sign", key, "--zip", "--out", out)
	if r.code != 0 {
		t.Fatalf("packet --sign: %d %s", r.code, r.err)
	}
	zip := filepath.Join(out, "acme-inc.zip")
	r = run(t, "packet", "verify", zip, "--key", key+".pub")
	if r.code != 0 || !strings.Contains(r.out, "manifest.json.sig\tsignature valid\t\tSHA256:") {
		t.Errorf("verify --key: %d %s %s", r.code, r.out, r.err)
	}
	r = run(t, "packet", "verify", zip, "--key", other+".pub")
	if r.code != 1 || !strings.Contains(r.err, "signature invalid") || !strings.Contains(r.err, "not by the key given") {
		t.Errorf("verify --key other: %d %s", r.code, r.err)
	}
	if r := run(t, "packet", "verify", zip, "--key", key); r.code != 1 || !strings.Contains(r.err, "not an SSH public key") {
		t.Errorf("verify --key with the private key: %d %s", r.code, r.err)
	}
	r = run(t, "packet", "--customer", "Acme Inc.", "--docs", "subprocessors", "--date", "2026-12-01", "--out", out)
	if r.code != 0 {
		t.Fatal(r.err)
	}
	if r := run(t, "packet", "verify", filepath.Join(out, "acme-inc"), "--key", key+".pub"); r.code != 1 || !strings.Contains(r.err, "signature missing") {
		t.Errorf("unsigned packet with --key: %d %s", r.code, r.err)
	}
	if r := run(t, "packet", "--customer", "B", "--docs", "subprocessors", "--sign", filepath.Join(dir, "nope"), "--out", out); r.code != 1 || !strings.Contains(r.err, "read signing key") {
		t.Errorf("missing key: %d %s", r.code, r.err)
	}
}
