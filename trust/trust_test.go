package trust

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/atomicfile"
	"github.com/vouchcli/vouch/templates"
)

var day = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)

func kora(t testing.TB) *controls.Catalog {
	t.Helper()
	cat, err := controls.Load(context.Background(), templates.DefaultCatalog(), "embedded default")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// page renders the catalog's index.html.
func page(t testing.TB, cat *controls.Catalog, opts Options) string {
	t.Helper()
	if opts.Date.IsZero() {
		opts.Date = day
	}
	_, _, files, err := Site(context.Background(), cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	return string(files[IndexFile])
}

var tags = regexp.MustCompile(`<[^>]*>`)

// visible is the page's text as a reader sees it: tags dropped, entities
// decoded, white space collapsed.
func visible(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(h, " "))), " ")
}

// element returns the HTML of the element that carries id="id", up to its
// closing tag (the elements looked up here do not nest in their own kind).
func element(t testing.TB, h, tag, id string) string {
	t.Helper()
	open := `<` + tag + ` `
	i := strings.Index(h, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element with id %q", id)
	}
	start := strings.LastIndex(h[:i], open)
	end := strings.Index(h[i:], `</`+tag+`>`)
	if start < 0 || end < 0 {
		t.Fatalf("element %s#%s is not closed", tag, id)
	}
	return h[start : i+end]
}

func TestKoraPageByContent(t *testing.T) {
	cat := kora(t)
	h := page(t, cat, Options{})

	for _, id := range []string{"soc2", "iso27001"} {
		card := visible(element(t, h, "li", "cert-"+id))
		if !strings.Contains(card, "Not held") {
			t.Errorf("certification %s does not say Not held: %q", id, card)
		}
		if strings.Contains(card, "Held ") && !strings.Contains(card, "Not held") {
			t.Errorf("certification %s reads as held: %q", id, card)
		}
	}
	partial := 0
	for _, c := range cat.Controls {
		li := element(t, h, "li", "control-"+strings.ToLower(c.ID))
		txt := visible(li)
		if !strings.Contains(txt, c.Title) || !strings.Contains(txt, oneLine(c.Statement)) {
			t.Errorf("%s: title or statement missing from %q", c.ID, txt)
		}
		if c.Status != controls.Partial {
			continue
		}
		partial++
		if !strings.Contains(txt, "Partially implemented") {
			t.Errorf("%s is partial but its status reads %q", c.ID, txt)
		}
		// The caveat is in the control's own item, after the claim, in plain sight.
		caveat := "Limit: " + oneLine(c.Caveat)
		if !strings.Contains(txt, caveat) || strings.Index(txt, caveat) < strings.Index(txt, oneLine(c.Statement)) {
			t.Errorf("%s: caveat %q not beside its claim in %q", c.ID, caveat, txt)
		}
	}
	if sum := visible(element(t, h, "section", "controls")); !strings.Contains(sum, fmt.Sprintf("%d controls: %d implemented, %d partially implemented.", len(cat.Controls), len(cat.Controls)-partial, partial)) {
		t.Errorf("controls summary: %.200q", sum)
	}
	if partial < 10 {
		t.Errorf("only %d partial controls checked; Kora has more", partial)
	}
	if strings.Contains(h, "<details") || strings.Contains(h, "hidden") {
		t.Error("the page hides content behind a click")
	}

	subs := visible(element(t, h, "section", "subprocessors"))
	if !strings.Contains(subs, "available on request") || !strings.Contains(subs, "No subprocessor is named publicly") {
		t.Errorf("subprocessors: %q", subs)
	}
	docs := visible(element(t, h, "section", "documents"))
	for _, want := range []string{"Security documentation Under NDA", "Data Processing Addendum (DPA) On request", "Subprocessor list On request", "write to sales@kora.studio (the contact published in Security at a Glance)"} {
		if !strings.Contains(docs, want) {
			t.Errorf("documents lack %q: %q", want, docs)
		}
	}
	contacts := visible(element(t, h, "section", "contacts"))
	for _, want := range []string{"Security sales@kora.studio (published in Security at a Glance)", "samira@kora.studio (published in Privacy Policy)"} {
		if !strings.Contains(contacts, want) {
			t.Errorf("contacts lack %q: %q", want, contacts)
		}
	}
	sources := visible(element(t, h, "section", "sources"))
	if !strings.Contains(sources, "Security at a Glance: last updated 2026-02-21") || !strings.Contains(sources, `Privacy Policy: no "last updated" date published`) {
		t.Errorf("sources: %q", sources)
	}
	foot := visible(h[strings.Index(h, "<footer"):])
	if !strings.Contains(foot, "Generated on 2026-12-02") || !strings.Contains(foot, cat.Revision) {
		t.Errorf("footer: %q", foot)
	}
	// Nothing to run and nothing to fetch from elsewhere.
	for _, bad := range []string{"<script", "src=\"http", "url(http", "@import", "<iframe"} {
		if strings.Contains(h, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !strings.HasPrefix(h, "<!DOCTYPE html>\n<html lang=\"en\">") {
		t.Errorf("page starts %q", h[:40])
	}
}

// headings returns the heading levels in document order.
func headings(h string) []int {
	var out []int
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(h, -1) {
		out = append(out, int(m[1][0]-'0'))
	}
	return out
}

func TestHeadingsInOrder(t *testing.T) {
	hs := headings(page(t, kora(t), Options{}))
	if len(hs) < 60 || hs[0] != 1 {
		t.Fatalf("headings %v", hs)
	}
	for i := 1; i < len(hs); i++ {
		if hs[i] == 1 || hs[i] > hs[i-1]+1 {
			t.Errorf("heading %d is h%d after h%d", i, hs[i], hs[i-1])
		}
	}
}

func TestStatusesInWords(t *testing.T) {
	cat := kora(t)
	cat.Controls[0].Status = controls.Planned
	cat.Controls[1].Status = controls.NotApplicable
	cat.Certifications[0].Status = controls.CertHeld
	cat.Certifications[0].Scope = "Kora Studio platform"
	cat.Certifications[0].Auditor = "Example Audit LLP"
	cat.Certifications[0].ValidUntil = controls.Date{Time: day.AddDate(1, 0, 0)}
	cat.Certifications[0].Evidence = []controls.Evidence{{Name: "SOC 2 Type II report 2026", Kind: "report"}}
	cat.Certifications[1].Status = controls.CertHeld
	cat.Certifications[1].ValidUntil = controls.Date{Time: day.AddDate(0, 0, -1)}
	cat.Certifications = append(cat.Certifications,
		controls.Certification{ID: "pci", Name: "PCI DSS", Status: controls.CertInProgress, Expected: controls.Date{Time: day.AddDate(0, 6, 0)}},
		controls.Certification{ID: "fedramp", Name: "FedRAMP", Status: controls.CertNotPursued})
	h := page(t, cat, Options{})

	if li := visible(element(t, h, "li", "control-"+strings.ToLower(cat.Controls[0].ID))); !strings.Contains(li, "Planned, not in place") || strings.Contains(li, "Implemented") {
		t.Errorf("planned control reads %q", li)
	}
	if li := visible(element(t, h, "li", "control-"+strings.ToLower(cat.Controls[1].ID))); !strings.Contains(li, "Not applicable") {
		t.Errorf("not-applicable control reads %q", li)
	}
	for id, want := range map[string]string{
		"soc2":     "SOC 2 Held Scope Kora Studio platform Auditor Example Audit LLP Valid until 2027-12-02",
		"iso27001": "Not held: expired on 2026-12-01",
		"pci":      "In progress (expected 2027-06-02), not held today",
		"fedramp":  "Not held and not pursued",
	} {
		if card := visible(element(t, h, "li", "cert-"+id)); !strings.Contains(card, want) {
			t.Errorf("%s: want %q in %q", id, want, card)
		}
	}
	// A held certification's report is on the documents list; an expired one's is not.
	docs := visible(element(t, h, "section", "documents"))
	if !strings.Contains(docs, "SOC 2 report On request") {
		t.Errorf("documents: %q", docs)
	}
	if strings.Contains(docs, "ISO/IEC 27001 report") {
		t.Errorf("an expired certification's report is offered: %q", docs)
	}
}

func TestDeterministic(t *testing.T) {
	cat := kora(t)
	logo := pngLogo(t)
	_, names1, a, err := Site(context.Background(), cat, Options{Date: day, JSON: true, Logo: logo, Generator: "vouch test"})
	if err != nil {
		t.Fatal(err)
	}
	_, names2, b, err := Site(context.Background(), kora(t), Options{Date: day, JSON: true, Logo: logo, Generator: "vouch test"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names1, ",") != strings.Join(names2, ",") {
		t.Fatalf("files %v then %v", names1, names2)
	}
	for _, n := range names1 {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
	_, _, c, err := Site(context.Background(), cat, Options{Date: day.AddDate(0, 0, 1), JSON: true})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a[IndexFile], c[IndexFile]) || !strings.Contains(string(c[IndexFile]), "2026-12-03") {
		t.Error("another --date gives the same page")
	}
}

func TestOnlyAndExclude(t *testing.T) {
	cat := kora(t)
	h := page(t, cat, Options{OnlyDomains: []string{"encryption"}, Exclude: []string{"subprocessors", "contacts"}})
	if !strings.Contains(h, `id="control-enc-02"`) || strings.Contains(h, `id="control-acc-01"`) || strings.Contains(h, `id="domain-access"`) {
		t.Error("--only-domains encryption shows other domains")
	}
	for _, gone := range []string{`id="subprocessors"`, `id="contacts"`, `href="#subprocessors"`} {
		if strings.Contains(h, gone) {
			t.Errorf("excluded %s is still on the page", gone)
		}
	}
	if !strings.Contains(h, `id="certifications"`) || !strings.Contains(h, `id="documents"`) {
		t.Error("sections not excluded went missing")
	}
	h = page(t, cat, Options{Exclude: []string{"privacy", "Controls"}})
	if strings.Contains(h, `id="controls"`) || strings.Contains(h, "control-") {
		t.Error("--exclude controls keeps controls")
	}
	h = page(t, cat, Options{Exclude: []string{"privacy"}})
	if strings.Contains(h, `id="domain-privacy"`) || !strings.Contains(h, `id="domain-encryption"`) {
		t.Error("--exclude privacy")
	}
	for _, o := range []Options{{OnlyDomains: []string{"subprocessors"}}, {Exclude: []string{"nope"}}, {OnlyDomains: []string{"encyption"}}} {
		o.Date = day
		if _, err := Build(cat, o); !errors.Is(err, ErrUnknownName) || !strings.Contains(err.Error(), "encryption") {
			t.Errorf("%+v: %v", o, err)
		}
	}
}

func TestTitleAndLogo(t *testing.T) {
	cat := kora(t)
	h := page(t, cat, Options{Title: "Kora <Trust> & Safety"})
	if !strings.Contains(h, "<title>Kora &lt;Trust&gt; &amp; Safety</title>") || !strings.Contains(h, "<h1>Kora &lt;Trust&gt; &amp; Safety</h1>") {
		t.Error("--title is not the escaped title and h1")
	}
	if !strings.Contains(page(t, cat, Options{}), "<title>Kora Studio Trust Center</title>") {
		t.Error("default title")
	}
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)
	for _, tc := range []struct {
		logo []byte
		file string
	}{{pngLogo(t), "logo.png"}, {svg, "logo.svg"}} {
		_, names, files, err := Site(context.Background(), cat, Options{Date: day, Logo: tc.logo})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(files[tc.file], tc.logo) || !strings.Contains(strings.Join(names, " "), tc.file) {
			t.Errorf("%s not written as given", tc.file)
		}
		if !strings.Contains(string(files[IndexFile]), `<img class="logo" src="`+tc.file+`" alt="Kora Studio logo">`) {
			t.Errorf("%s: no img with alt text", tc.file)
		}
	}
	for _, bad := range [][]byte{[]byte("just text"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), make([]byte, 6<<20)} {
		if _, err := Build(cat, Options{Date: day, Logo: bad}); !errors.Is(err, ErrLogo) {
			t.Errorf("logo %.20q: %v", bad, err)
		}
	}
}

func pngLogo(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{10, 79, 158, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTemplateOverride(t *testing.T) {
	cat := kora(t)
	cat.Source = "catalog"
	cat.Templates = fstest.MapFS{
		"trust.html": {Data: []byte(`<!DOCTYPE html><title>{{.Title}}</title><p>{{len .Domains}} domains, {{(index .Certifications 0).StatusText}}</p>`)},
		"trust.css":  {Data: []byte(`body { color: #000 }`)},
	}
	_, _, files, err := Site(context.Background(), cat, Options{Date: day})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(files[IndexFile]); !strings.Contains(got, "<p>12 domains, Not held</p>") {
		t.Errorf("override not used: %q", got)
	}
	if string(files[StyleSheet]) != "body { color: #000 }" {
		t.Error("trust.css override not used")
	}
	for tmpl, want := range map[string]string{
		`{{.Nope}}`:         "catalog/templates/trust.html:1:",
		`{{range .Domains}`: "catalog/templates/trust.html:1:",
	} {
		cat.Templates = fstest.MapFS{"trust.html": {Data: []byte(tmpl)}}
		_, _, _, err := Site(context.Background(), cat, Options{Date: day})
		var te *TemplateError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", tmpl, err)
		}
	}
}

func TestWriteSite(t *testing.T) {
	cat := kora(t)
	dir := filepath.Join(t.TempDir(), "site")
	res, err := Write(context.Background(), cat, dir, Options{Date: day, JSON: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Controls != len(cat.Controls) || res.Caveats == 0 || len(res.Files) != 6 || res.Files[len(res.Files)-1].Name != IndexFile {
		t.Errorf("result %+v", res)
	}
	for _, f := range res.Files {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil || int(info.Size()) != f.Size {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	var got Page
	b, err := os.ReadFile(filepath.Join(dir, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Revision != cat.Revision || got.Generated != "2026-12-02" || len(got.Certifications) != 2 || got.Certifications[0].Held ||
		got.Certifications[0].StatusText != "Not held" || !got.Subprocessors.OnRequest || got.Subprocessors.Published {
		t.Errorf("trust.json: %+v", got)
	}
	n := 0
	for _, d := range got.Domains {
		for _, c := range d.Controls {
			n++
			if c.Status == "partial" && c.Caveat == "" {
				t.Errorf("trust.json: %s has no caveat", c.ID)
			}
		}
	}
	if n != len(cat.Controls) {
		t.Errorf("trust.json has %d controls, want %d", n, len(cat.Controls))
	}

	before, _ := os.ReadFile(filepath.Join(dir, IndexFile))
	if _, err := Write(context.Background(), cat, dir, Options{Date: day.AddDate(0, 0, 1)}, false); !errors.Is(err, atomicfile.ErrExists) {
		t.Errorf("second write without force: %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, IndexFile)); !bytes.Equal(before, after) {
		t.Error("a refused write changed index.html")
	}
	if _, err := Write(context.Background(), cat, dir, Options{Date: day.AddDate(0, 0, 1)}, true); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, IndexFile)); !strings.Contains(string(after), "2026-12-03") {
		t.Error("--force did not replace index.html")
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), cat, file, Options{Date: day}, true); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("--out a file: %v", err)
	}
}

func TestProtoStudio(t *testing.T) {
	cat, err := controls.Load(context.Background(), os.DirFS("../examples/proto-studio"), "examples/proto-studio")
	if err != nil {
		t.Fatal(err)
	}
	h := page(t, cat, Options{})
	for _, want := range []string{
		"<title>Proto Studio Trust Center</title>",
		"The catalog records no certification or audit report: none is held.",
		"The subprocessor list is said to be published; the catalog records no address for it.",
		`<a href="https://proto.studio/security/">https://proto.studio/security/</a>`,
		"The catalog lists no document shared on request.",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("Proto Studio page lacks %q", want)
		}
	}
	if strings.Contains(h, "Kora") {
		t.Error("Kora on Proto Studio's page")
	}
}

func BenchmarkTrustSite(b *testing.B) {
	cat := kora(b)
	for b.Loop() {
		if _, _, _, err := Site(context.Background(), cat, Options{Date: day, JSON: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestIDsUnique(t *testing.T) {
	cat := kora(t)
	cat.Controls[0].ID, cat.Controls[1].ID, cat.Controls[2].ID = "X.1", "X_1", "X-1"
	h := page(t, cat, Options{})
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(h, -1) {
		if seen[m[1]] {
			t.Errorf("id %q twice", m[1])
		}
		seen[m[1]] = true
	}
	for _, id := range []string{"control-x.1", "control-x_1", "control-x-1"} {
		if !seen[id] {
			t.Errorf("no id %q", id)
		}
	}
}
