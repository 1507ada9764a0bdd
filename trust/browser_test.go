package trust

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/templates"
)

// The page is judged by real clients: the Nu Html Checker (vnu.jar, on
// Debian's Java), Debian's Chromium driven by puppeteer-core, and axe-core
// run inside that Chromium. .ci/run installs them (npm ci in
// testdata/browser); without them these tests skip, and under CI=true fail.

const browserDir = "testdata/browser"

// requireBrowserKit returns the paths of node, java and chromium, or skips
// (fails under CI=true) when one of them or the npm packages are missing.
func requireBrowserKit(t *testing.T) (node, java, chromium string) {
	t.Helper()
	node = testutil.RequireTool(t, "node")
	java = testutil.RequireTool(t, "java")
	chromium = testutil.RequireTool(t, "chromium")
	for _, p := range []string{"node_modules/puppeteer-core", "node_modules/axe-core", "node_modules/vnu-jar/build/dist/vnu.jar"} {
		if _, err := os.Stat(filepath.Join(browserDir, p)); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s/%s is missing; .ci/run installs it with npm ci", browserDir, p)
			}
			t.Skipf("%s/%s is missing (run npm ci in %s): skipping the browser checks", browserDir, p, browserDir)
		}
	}
	return node, java, chromium
}

type vnuMessage struct {
	Type      string `json:"type"`
	SubType   string `json:"subType"`
	Message   string `json:"message"`
	LastLine  int    `json:"lastLine"`
	Extract   string `json:"extract"`
	SourceURL string `json:"url"`
}

// vnu runs the Nu Html Checker on the files (HTML, or CSS with css) and
// returns its errors and its other messages.
func vnu(t *testing.T, java string, css bool, files ...string) (errs, others []vnuMessage) {
	t.Helper()
	args := []string{"-jar", filepath.Join(browserDir, "node_modules/vnu-jar/build/dist/vnu.jar"), "--format", "json", "--exit-zero-always"}
	if css {
		args = append(args, "--css")
	} else {
		args = append(args, "--also-check-css")
	}
	cmd := exec.Command(java, append(args, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("vnu: %v\n%s", err, stderr.String())
	}
	var res struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &res); err != nil {
		t.Fatalf("vnu output is not JSON: %v\n%s", err, stderr.String())
	}
	for _, m := range res.Messages {
		if m.Type == "error" || m.Type == "non-document-error" || m.SubType == "fatal" {
			errs = append(errs, m)
		} else {
			others = append(others, m)
		}
	}
	t.Logf("vnu %s: %d errors, %d other messages in %s", strings.Join(relNames(files), " "), len(errs), len(others), time.Since(start).Round(time.Millisecond))
	return errs, others
}

func relNames(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Base(f)
	}
	return out
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

type browserReport struct {
	Browser string `json:"browser"`
	Widths  []struct {
		Width      int            `json:"width"`
		Scripts    int            `json:"scripts"`
		Fonts      []string       `json:"fonts"`
		Missing    []string       `json:"missing"`
		Overflow   bool           `json:"overflow"`
		Height     int            `json:"height"`
		Axe        []axeViolation `json:"axe"`
		Screenshot string         `json:"screenshot"`
	} `json:"widths"`
	Print struct {
		Missing    []string `json:"missing"`
		NavDisplay string   `json:"nav_display"`
		Pages      int      `json:"pages"`
		Bytes      int      `json:"bytes"`
		PDF        string   `json:"pdf"`
	} `json:"print"`
	Requests []string `json:"requests"`
	Failed   []string `json:"failed"`
}

// inBrowser opens the page in Chromium at 1280 and 390 px (check.js) and
// returns what it saw; texts must be rendered visibly, shots is the folder
// for the screenshots ("" for none).
func inBrowser(t *testing.T, node, chromium, index string, texts []string, shots, name string) browserReport {
	t.Helper()
	tf := filepath.Join(t.TempDir(), "texts.json")
	if texts == nil {
		texts = []string{}
	}
	b, _ := json.Marshal(texts)
	if err := os.WriteFile(tf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{filepath.Join(browserDir, "check.js"), "--page", index, "--texts", tf, "--name", name}
	if shots != "" {
		args = append(args, "--shots", shots)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium, "HOME="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("check.js: %v\n%s", err, stderr.String())
	}
	var rep browserReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("check.js output: %v\n%s", err, stdout.String())
	}
	t.Logf("%s: %s, %d requests, in %s", name, rep.Browser, len(rep.Requests), time.Since(start).Round(time.Millisecond))
	return rep
}

// seriousAxe keeps the violations axe rates serious or critical.
func seriousAxe(vs []axeViolation) []axeViolation {
	var out []axeViolation
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}

// screenshotDir is where the screenshots are kept (CI keeps them as
// artifacts): $VOUCH_SCREENSHOTS, else testdata/screenshots (git-ignored).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("VOUCH_SCREENSHOTS"); d != "" {
		return d
	}
	d, err := filepath.Abs(filepath.Join("testdata", "screenshots"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestKoraPageInRealClients(t *testing.T) {
	node, java, chromium := requireBrowserKit(t)
	cat := kora(t)
	dir := filepath.Join(t.TempDir(), "site")
	start := time.Now()
	res, err := Write(context.Background(), cat, dir, Options{Date: day, JSON: true, Generator: "vouch test"}, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %s (%d files, %d controls, %d caveats) in %s", dir, len(res.Files), res.Controls, res.Caveats, time.Since(start).Round(time.Microsecond))
	index := filepath.Join(dir, IndexFile)

	errs, others := vnu(t, java, false, index)
	for _, m := range errs {
		t.Errorf("vnu error line %d: %s (%q)", m.LastLine, m.Message, m.Extract)
	}
	for _, m := range others {
		t.Logf("vnu %s line %d: %s", m.Type, m.LastLine, m.Message)
	}
	cssErrs, _ := vnu(t, java, true, filepath.Join(dir, StyleSheet))
	for _, m := range cssErrs {
		t.Errorf("vnu CSS error line %d: %s", m.LastLine, m.Message)
	}

	var texts []string
	for _, c := range cat.Controls {
		texts = append(texts, oneLine(c.Title))
		if c.Caveat != "" {
			texts = append(texts, "Limit: "+oneLine(c.Caveat))
		}
	}
	texts = append(texts, "The subprocessor list is not published: it is available on request.")
	rep := inBrowser(t, node, chromium, index, texts, screenshotDir(t), "kora")
	if len(rep.Widths) != 2 {
		t.Fatalf("check.js measured %d widths", len(rep.Widths))
	}
	for _, w := range rep.Widths {
		if w.Scripts != 0 {
			t.Errorf("%d px: the page has %d scripts", w.Width, w.Scripts)
		}
		if len(w.Missing) > 0 {
			t.Errorf("%d px: %d texts not visible, first %q", w.Width, len(w.Missing), w.Missing[0])
		}
		if w.Overflow {
			t.Errorf("%d px: the page scrolls sideways", w.Width)
		}
		if len(w.Fonts) != 2 {
			t.Errorf("%d px: fonts loaded %v, want Go 400 and Go 700", w.Width, w.Fonts)
		}
		for _, v := range seriousAxe(w.Axe) {
			t.Errorf("%d px: axe %s (%s): %s at %v", w.Width, v.ID, v.Impact, v.Help, v.Nodes)
		}
		for _, v := range w.Axe {
			t.Logf("%d px: axe %s (%s) %s", w.Width, v.ID, v.Impact, v.Help)
		}
		if info, err := os.Stat(w.Screenshot); err != nil || info.Size() < 10_000 {
			t.Errorf("%d px: screenshot %s: %v", w.Width, w.Screenshot, err)
		} else {
			t.Logf("%d px: screenshot %s (%d bytes, page %d px high), %d axe violations in all", w.Width, w.Screenshot, info.Size(), w.Height, len(w.Axe))
		}
	}
	if p := rep.Print; len(p.Missing) > 0 || p.NavDisplay != "none" || p.Pages < 5 {
		t.Errorf("printed: %d texts missing, navigation display %q, %d pages", len(p.Missing), p.NavDisplay, p.Pages)
	} else {
		t.Logf("printed to A4 through the print stylesheet: %d pages, %d bytes (%s)", p.Pages, p.Bytes, p.PDF)
	}
	want := "file://" + filepath.ToSlash(dir) + "/"
	for _, u := range rep.Requests {
		if !strings.HasPrefix(u, want) {
			t.Errorf("the page fetched %s, outside its folder", u)
		}
	}
	if len(rep.Requests) != 4 {
		t.Errorf("requests %v, want the page, trust.css and two fonts", rep.Requests)
	}
	for _, f := range rep.Failed {
		t.Errorf("request failed: %s", f)
	}
}

// TestRealClientsCatchFaults shows that the checks can fail: a logo without
// alt text fails axe, invalid markup fails vnu, and a caveat tucked into a
// collapsed <details> is reported as not visible.
func TestRealClientsCatchFaults(t *testing.T) {
	node, java, chromium := requireBrowserKit(t)
	src, err := templates.Trust().Open(PageTemplate)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(src); err != nil {
		t.Fatal(err)
	}
	tmpl := buf.String()
	swap := func(old, repl string) string {
		if !strings.Contains(tmpl, old) {
			t.Fatalf("the template no longer holds %q", old)
		}
		return strings.Replace(tmpl, old, repl, 1)
	}
	site := func(name, html string, logo []byte) string {
		cat := kora(t)
		cat.Templates = fstest.MapFS{PageTemplate: {Data: []byte(html)}}
		dir := filepath.Join(t.TempDir(), name)
		if _, err := Write(context.Background(), cat, dir, Options{Date: day, Logo: logo}, false); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, IndexFile)
	}

	noAlt := site("no-alt", swap(` alt="{{.Alt}}"`, ""), pngLogo(t))
	rep := inBrowser(t, node, chromium, noAlt, nil, "", "no-alt")
	found := false
	for _, v := range seriousAxe(rep.Widths[0].Axe) {
		if v.ID == "image-alt" {
			found = true
			t.Logf("axe on the image without alt: %s (%s) at %v", v.ID, v.Impact, v.Nodes)
		}
	}
	if !found {
		t.Errorf("axe did not flag the image without alt text: %+v", rep.Widths[0].Axe)
	}
	if errs, _ := vnu(t, java, false, noAlt); len(errs) == 0 {
		t.Error("vnu did not flag the image without alt text")
	}

	invalid := site("invalid", swap(`<ul class="controls">`, `<ul class="controls"><p>stray</p>`), nil)
	if errs, _ := vnu(t, java, false, invalid); len(errs) == 0 {
		t.Error("vnu found no error in a <p> inside <ul>")
	} else {
		t.Logf("vnu on invalid markup: %d errors, first: %s", len(errs), errs[0].Message)
	}

	hidden := site("hidden", swap(`<p class="caveat"><strong>Limit:</strong> {{.}}</p>`, `<details><summary>Details</summary><p class="caveat"><strong>Limit:</strong> {{.}}</p></details>`), nil)
	cat := kora(t)
	var caveat string
	for _, c := range cat.Controls {
		if c.Status == controls.Partial {
			caveat = "Limit: " + oneLine(c.Caveat)
			break
		}
	}
	rep = inBrowser(t, node, chromium, hidden, []string{caveat, oneLine(cat.Controls[0].Title)}, "", "hidden")
	if m := rep.Widths[0].Missing; len(m) != 1 || m[0] != caveat {
		t.Errorf("a caveat behind a click: missing %q, want only %q", m, caveat)
	}
}
