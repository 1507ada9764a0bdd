package oscal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/controls"
)

// UUIDv5 as RFC 9562 defines it; the expected values were computed with
// Python's uuid.uuid5, an independent implementation.
func TestStableUUID(t *testing.T) {
	if got := formatUUID(vouchNS); got != "facf2ed6-ed9e-5e07-abd5-1df246a447a6" {
		t.Errorf("vouch name space = %s", got)
	}
	if got := StableUUID("Kora Studio", "control:ENC-02"); got != "2724f494-00b5-50be-b711-85e906f8020d" {
		t.Errorf("StableUUID = %s", got)
	}
	if StableUUID("Acme", "control:ENC-02") == StableUUID("Kora Studio", "control:ENC-02") {
		t.Error("two companies' ENC-02 share a UUID")
	}
}

func TestExportValidatesAgainstNISTSchema(t *testing.T) {
	cats := catalogs(t)
	cats["full"] = os.DirFS(writeFullCatalog(t))
	for name, fsys := range cats {
		cat := load(t, fsys, name)
		for _, m := range Models {
			t.Run(name+"/"+string(m), func(t *testing.T) {
				b := export(t, cat, m)
				if err := validateOSCAL(t, b); err != nil {
					t.Fatalf("%s %s export does not validate:\n%v", name, m, err)
				}
				if !bytes.Equal(b, export(t, cat, m)) {
					t.Error("two exports of the same catalog differ")
				}
			})
		}
	}
}

// The schema check can fail: the same export with one field broken does not
// validate.
func TestBrokenExportFailsSchema(t *testing.T) {
	cat := load(t, catalogs(t)["kora"], "kora")
	b := export(t, cat, ComponentDefinitionModel)
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	cd := doc["component-definition"].(map[string]any)
	req := cd["components"].([]any)[0].(map[string]any)["control-implementations"].([]any)[0].(map[string]any)["implemented-requirements"].([]any)[0].(map[string]any)
	breaks := map[string]func(){
		"uuid not a UUID":           func() { req["uuid"] = "ENC-01" },
		"control-id with a space":   func() { req["control-id"] = "ENC 01" },
		"unknown field":             func() { req["status"] = "implemented" },
		"required description gone": func() { delete(req, "description") },
		"last-modified not a date":  func() { cd["metadata"].(map[string]any)["last-modified"] = "2026-02-21" },
	}
	for name, brk := range breaks {
		t.Run(name, func(t *testing.T) {
			var copyDoc map[string]any
			_ = json.Unmarshal(b, &copyDoc)
			cd = copyDoc["component-definition"].(map[string]any)
			req = cd["components"].([]any)[0].(map[string]any)["control-implementations"].([]any)[0].(map[string]any)["implemented-requirements"].([]any)[0].(map[string]any)
			brk()
			broken, _ := json.Marshal(copyDoc)
			if err := validateOSCAL(t, broken); err == nil {
				t.Errorf("an export with %s validates", name)
			}
		})
	}
}

// NIST's own examples validate against NIST's schema (a sanity check of the
// schema compilation), and import into a catalog that validates.
func TestImportNISTExamples(t *testing.T) {
	dir := sharedOSCAL(t)
	var first *controls.Catalog
	for _, name := range []string{"example-component-definition.json", "example-component-definition-min.json"} {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join(dir, name)
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateOSCAL(t, b); err != nil {
				t.Fatalf("NIST's example does not validate against NIST's schema: %v", err)
			}
			out := filepath.Join(t.TempDir(), "catalog")
			res, err := Import(context.Background(), src, out, ImportOptions{})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if !res.Valid || res.Controls != 3 {
				t.Errorf("result = %+v", res)
			}
			cat := load(t, os.DirFS(out), out)
			if cat.Company.Name != "MongoDB" || cat.Company.Website != "https://www.mongodb.com" || cat.Company.Product != "MongoDB" {
				t.Errorf("company = %+v", cat.Company)
			}
			sc8, ok := cat.Control("sc-8")
			if !ok {
				t.Fatalf("no sc-8 in %v", cat.Controls)
			}
			// The statement-level text is folded in, with its parameter set.
			if !strings.Contains(sc8.Statement, "MongoDB's implementation of SC-8 control") ||
				!strings.Contains(sc8.Statement, "to protect the confidentiality of transmitted data") {
				t.Errorf("sc-8 statement = %q", sc8.Statement)
			}
			// No implementation-status in NIST's example: never a Yes.
			if sc8.Status != controls.Planned || sc8.Domain != "mongodb" || sc8.Title != "sc-8" {
				t.Errorf("sc-8 = %+v", sc8)
			}
			sc81, _ := cat.Control("sc-8.1")
			if sc81 == nil || !strings.Contains(sc81.Statement, "to prevent unauthorized disclosure of information, customers need to set the `PEMKeyFile` option") {
				t.Errorf("sc-8.1 = %+v", sc81)
			}
			if sa, ok := cat.Control("sa-4.9"); !ok || !strings.HasPrefix(sa.Statement, "Must ensure that MongoDB only listens") {
				t.Errorf("sa-4.9 = %+v", sa)
			}
			// What did not map is listed: the protocols, the purpose, the
			// customer role, the repeated statement UUID, the missing status.
			for _, want := range []string{"components[0].protocols", "components[0].purpose", `role "customer"`, "UUID bb9219b1-e51c-4680-abb0-616a43bbfbb1 is also used", "no implementation-status", "NIST Special Publication 800-53 Revision 5"} {
				if !hasItem(res.Unmapped, want) {
					t.Errorf("unmapped items lack %q:\n%v", want, res.Unmapped)
				}
			}
			if first == nil {
				first = cat
			} else if !reflect.DeepEqual(strip(first), strip(cat)) {
				t.Error("the minified example imports differently from the pretty one")
			}
		})
	}
}

func hasItem(items []Item, s string) bool {
	for _, it := range items {
		if strings.Contains(it.Path+" "+it.Note, s) {
			return true
		}
	}
	return false
}

// strip clears what differs between two loads of the same content.
func strip(c *controls.Catalog) controls.Catalog {
	out := *c
	out.Source, out.Revision, out.Templates, out.Processing, out.Library = "", "", nil, controls.Processing{}, nil
	out.Controls = append([]controls.Control(nil), c.Controls...)
	for i := range out.Controls {
		out.Controls[i].File, out.Controls[i].Line = "", 0
	}
	out.Certifications = append([]controls.Certification(nil), c.Certifications...)
	for i := range out.Certifications {
		out.Certifications[i].Line = 0
	}
	out.Subprocessors.Entries = append([]controls.Subprocessor(nil), c.Subprocessors.Entries...)
	for i := range out.Subprocessors.Entries {
		out.Subprocessors.Entries[i].Line = 0
	}
	return out
}

// export -> import -> export gives the same bytes, and the imported catalog
// holds what the original held (all but processing.yaml and library.yaml,
// which OSCAL has no place for).
func TestRoundTrip(t *testing.T) {
	cats := catalogs(t)
	cats["full"] = os.DirFS(writeFullCatalog(t))
	for name, fsys := range cats {
		t.Run(name, func(t *testing.T) {
			cat := load(t, fsys, name)
			b := export(t, cat, ComponentDefinitionModel)
			src := filepath.Join(t.TempDir(), name+".json")
			if err := os.WriteFile(src, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "catalog")
			res, err := Import(context.Background(), src, out, ImportOptions{})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if len(res.Unmapped) != 0 {
				t.Errorf("vouch's own export left items unmapped: %v", res.Unmapped)
			}
			back := load(t, os.DirFS(out), out)
			if got, want := strip(back), strip(cat); !reflect.DeepEqual(got, want) {
				gj, _ := json.MarshalIndent(got, "", " ")
				wj, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("imported catalog differs from the original:\n%s", firstDiff(string(wj), string(gj)))
			}
			if again := export(t, back, ComponentDefinitionModel); !bytes.Equal(again, b) {
				t.Errorf("export -> import -> export differs:\n%s", firstDiff(string(b), string(again)))
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines"
}

// What the export says of a control, field by field (README's mapping).
func TestExportMapping(t *testing.T) {
	cat := load(t, os.DirFS(writeFullCatalog(t)), "full")
	var doc Document
	if err := json.Unmarshal(export(t, cat, ComponentDefinitionModel), &doc); err != nil {
		t.Fatal(err)
	}
	cd := doc.ComponentDefinition
	comp := cd.Components[0]
	if comp.Type != "service" || comp.Title != "Acme Cloud" || len(comp.ControlImplementations) != 1 {
		t.Fatalf("component = %+v", comp)
	}
	reqs := map[string]ImplementedRequirement{}
	for _, r := range comp.ControlImplementations[0].ImplementedRequirements {
		reqs[r.ControlID] = r
	}
	enc := reqs["ENC-1"]
	if enc.Remarks != "Caveat: Backups older than 2025 are not encrypted." ||
		enc.Description != "Stored data is encrypted with AES-256.\n\nCaveat: Backups older than 2025 are not encrypted." {
		t.Errorf("caveat: %q / %q", enc.Description, enc.Remarks)
	}
	status := map[string]string{}
	for id, r := range reqs {
		for _, p := range r.Props {
			if p.Name == "implementation-status" && p.NS == "" {
				status[id] = p.Value
			}
		}
	}
	want := map[string]string{"IAM-2": "implemented", "IAM-10": "planned", "ENC-1": "partial", "DR.1": "alternative", "PHY-1": "not-applicable"}
	if !reflect.DeepEqual(status, want) {
		t.Errorf("implementation-status = %v", status)
	}
	// "Security Lead" and "security-lead" make the same token: two roles.
	roles := map[string]string{}
	for _, r := range cd.Metadata.Roles {
		roles[r.ID] = r.Title
	}
	if roles["security-lead"] != "Security Lead" || roles["security-lead-2"] != "security-lead" || reqs["IAM-10"].ResponsibleRoles[0].RoleID != "security-lead-2" {
		t.Errorf("roles = %v, IAM-10 = %+v", roles, reqs["IAM-10"].ResponsibleRoles)
	}
	// Evidence: a link to a back-matter resource that carries the dates.
	iam := reqs["IAM-2"]
	if len(iam.Links) != 2 || iam.Links[0].Rel != "evidence" || !strings.HasPrefix(iam.Links[0].Href, "#") {
		t.Fatalf("IAM-2 links = %+v", iam.Links)
	}
	var ev *Resource
	for i, r := range cd.BackMatter.Resources {
		if "#"+r.UUID == iam.Links[0].Href {
			ev = &cd.BackMatter.Resources[i]
		}
	}
	if ev == nil || ev.Title != "IdP MFA policy" || len(ev.RLinks) != 1 || ev.RLinks[0].Href != "evidence/mfa.png" ||
		propValue(ev.Props, "collected") != "2026-10-01" || propValue(ev.Props, "expires") != "2027-10-01" {
		t.Errorf("evidence resource = %+v", ev)
	}
	// A ref that is not a URI reference is percent-encoded in the link and
	// kept as written in a prop, so that it comes back unchanged.
	var ticket *Resource
	for i, r := range cd.BackMatter.Resources {
		if r.Title == "Access review ticket" {
			ticket = &cd.BackMatter.Resources[i]
		}
	}
	if ticket == nil || ticket.RLinks[0].Href != "tickets/Access%20review%20Q3%20(100%25).pdf" || propValue(ticket.Props, "ref") != "tickets/Access review Q3 (100%).pdf" {
		t.Errorf("ticket resource = %+v", ticket)
	}
	if cd.Metadata.Parties[0].Links[0].Href != "https://acme.example/%C3%BCber" {
		t.Errorf("website link = %+v", cd.Metadata.Parties[0].Links)
	}
	var certs []string
	for _, r := range cd.BackMatter.Resources {
		if propValue(r.Props, "record") == recordCertification {
			certs = append(certs, r.Title)
		}
	}
	if strings.Join(certs, "; ") != "SOC 2 Type II (held); ISO/IEC 27001 (in progress)" {
		t.Errorf("certification titles = %q: each must say its status", certs)
	}
	var mappings []string
	for _, p := range iam.Props {
		if p.Name == "mapping" {
			mappings = append(mappings, p.Class+":"+p.Value)
		}
	}
	if strings.Join(mappings, " ") != "iso27001:A.8.5 soc2:CC6.1 soc2:CC6.2" {
		t.Errorf("mappings = %v", mappings)
	}
	if cd.Metadata.LastModified != "2026-10-20T00:00:00Z" {
		t.Errorf("last-modified = %s (want the latest date of the catalog, the SOC 2 report's)", cd.Metadata.LastModified)
	}
	// The catalog model: groups are domains, the caveat is a part and
	// follows the statement.
	var cdoc Document
	if err := json.Unmarshal(export(t, cat, CatalogModel), &cdoc); err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range cdoc.Catalog.Groups {
		groups = append(groups, g.ID+"="+strconv.Itoa(len(g.Controls)))
	}
	// A domain that starts with a digit gets a token that starts with a letter.
	if strings.Join(groups, " ") != "domain-2026-access=1 access=1 data-protection=3" {
		t.Errorf("groups = %v", groups)
	}
	for _, c := range cdoc.Catalog.Groups[2].Controls {
		if c.ID != "ENC-1" {
			continue
		}
		if len(c.Parts) != 2 || c.Parts[0].Name != "statement" || !strings.HasSuffix(c.Parts[0].Prose, "\n\nCaveat: Backups older than 2025 are not encrypted.") ||
			c.Parts[1].Name != "caveat" || c.Parts[1].NS != NS || propValue(c.Props, "status") != "partial" || propValue(c.Props, "owner") != "Platform team" {
			t.Errorf("catalog ENC-1 = %+v", c)
		}
		return
	}
	t.Error("no ENC-1 in the catalog model's data-protection group")
}

func TestExportRefusesFrameworkKeyThatIsNoToken(t *testing.T) {
	dir := writeFullCatalog(t)
	p := filepath.Join(dir, "controls", "access.yaml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, bytes.Replace(b, []byte("iso27001: [A.8.5]"), []byte("iso27001:2022: [A.8.5]"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cat := load(t, os.DirFS(dir), "full")
	_, err := Export(context.Background(), cat, ComponentDefinitionModel)
	if err == nil || err.Error() != `controls/access.yaml:2: control IAM-2: framework key "iso27001:2022" cannot be written to OSCAL, whose class is a token (a letter, then letters, digits, . - _): rename it` {
		t.Errorf("err = %v", err)
	}
}

func propValue(ps []Prop, name string) string {
	for _, p := range ps {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	kora := export(t, load(t, catalogs(t)["kora"], "kora"), ComponentDefinitionModel)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dup := bytes.Replace(kora, []byte(StableUUID("Kora Studio", "control:ENC-02")), []byte(StableUUID("Kora Studio", "control:ENC-01")), 1)
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil { // sparse: 200 MB without writing them
		t.Fatal(err)
	}
	f.Close()
	cases := []struct {
		name, file, want string
	}{
		{"not JSON", write("notes.json", []byte("hello, OSCAL")), "notes.json: not JSON: line 1"},
		{"empty", write("empty.json", nil), "empty.json: not JSON: the file is empty"},
		{"cut short", write("cut.json", kora[:len(kora)/2]), "cut.json: not JSON: it ends in the middle of a value"},
		{"a list", write("list.json", []byte(`[1, 2]`)), "list.json: valid JSON but not an OSCAL document: the top level is a list"},
		{"not OSCAL", write("package.json", []byte(`{"name": "vouch", "version": "1.0.0"}`)), "package.json: valid JSON but not an OSCAL document: no OSCAL model at the top level (found \"name\", \"version\""},
		{"SSP", write("ssp.json", []byte(`{"system-security-plan": {"uuid": "a7ba800c-a432-44cd-9075-0862cd66da6b"}}`)), "ssp.json: an OSCAL system security plan (SSP): vouch imports component definitions only"},
		{"catalog", write("cat.json", []byte(`{"catalog": {}}`)), "cat.json: an OSCAL catalog holds requirements, not a vendor's implementations of them: vouch imports component definitions only"},
		{"two models", write("two.json", []byte(`{"catalog": {}, "profile": {}}`)), "two.json: not an OSCAL document: more than one model at the top level (catalog, profile)"},
		{"200 MB", big, "big.json: file too large: 200.0 MB, the limit is 64.0 MB"},
		{"duplicate UUIDs", write("dup.json", dup), "dup.json: duplicate UUID " + StableUUID("Kora Studio", "control:ENC-01")},
		{"bad YAML", write("bad.yaml", []byte("component-definition: [\n")), "bad.yaml: not YAML"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "catalog")
			res, err := Import(context.Background(), c.file, out, ImportOptions{})
			if err == nil || res != nil {
				t.Fatalf("import succeeded: %+v", res)
			}
			if !strings.HasPrefix(err.Error(), filepath.Join(dir, "")) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error = %q, want one line naming the file with %q", err, c.want)
			}
			if _, serr := os.Stat(out); serr == nil {
				t.Error("a catalog was written for bad input")
			}
		})
	}
	// The bound holds when Stat cannot tell (a file that grows, a pipe).
	if _, _, err := Read(write("small.json", kora), 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("1000-byte bound: %v", err)
	}
}

func TestImportYAMLAndRefusals(t *testing.T) {
	kora := export(t, load(t, catalogs(t)["kora"], "kora"), ComponentDefinitionModel)
	var v any
	if err := json.Unmarshal(kora, &v); err != nil {
		t.Fatal(err)
	}
	y, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "kora.yaml")
	if err := os.WriteFile(src, y, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "catalog")
	if _, err := Import(context.Background(), src, out, ImportOptions{}); err != nil {
		t.Fatalf("YAML import: %v", err)
	}
	if again := export(t, load(t, os.DirFS(out), out), ComponentDefinitionModel); !bytes.Equal(again, kora) {
		t.Error("the YAML form of the export imports to a different catalog")
	}
	// A non-empty DIR is refused without --force, and left as it was.
	company := filepath.Join(out, "company.yaml")
	before, _ := os.ReadFile(company)
	if _, err := Import(context.Background(), src, out, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "not empty (use --force") {
		t.Errorf("second import into %s: %v", out, err)
	}
	if after, _ := os.ReadFile(company); !bytes.Equal(before, after) {
		t.Error("a refused import changed the directory")
	}
	if _, err := Import(context.Background(), src, out, ImportOptions{Force: true}); err != nil {
		t.Errorf("--force: %v", err)
	}
}

// An import that does not validate stays on disk, and the error names the
// file and line to fix.
func TestImportInvalidSaysWhatToFix(t *testing.T) {
	doc := `{"component-definition": {"uuid": "a7ba800c-a432-44cd-9075-0862cd66da6b",
  "metadata": {"title": "t", "last-modified": "2026-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.3",
    "parties": [{"uuid": "ef7c799a-c50e-49ab-83e0-515e989e6df1", "type": "organization", "name": "Widget Co"}]},
  "components": [{"uuid": "91f646c5-b1b6-4786-9ec3-2305a044e217", "type": "software", "title": "Widget", "description": "d",
    "control-implementations": [{"uuid": "49f0b690-ed9f-4f32-aae0-625b77aa6d27", "source": "https://example.com/catalog.json", "description": "x",
      "implemented-requirements": [
        {"uuid": "cf8338c5-fb6e-4593-a4a8-b3c4946ee080", "control-id": "ac-2", "description": "Accounts are managed.",
         "props": [{"name": "implementation-status", "value": "partial"}]},
        {"uuid": "cf8338c5-fb6e-4593-a4a8-b3c4946ee081", "control-id": "ac-3", "description": "Access is enforced.",
         "props": [{"name": "implementation-status", "value": "implemented"}, {"name": "marking", "value": "cui"}],
         "remarks": "Only in production."}]}]}]}}`
	dir := t.TempDir()
	src := filepath.Join(dir, "widget.json")
	if err := os.WriteFile(src, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "catalog")
	res, err := Import(context.Background(), src, out, ImportOptions{})
	var ve *controls.ValidationError
	if !errors.As(err, &ve) || res == nil || res.Valid {
		t.Fatalf("err = %v, res = %+v", err, res)
	}
	if len(ve.Problems) != 1 || ve.Problems[0].String() != filepath.Join(out, "controls", "widget.yaml")+":5: control ac-2 is partial but has no caveat saying what is missing" {
		t.Errorf("problems = %v", ve.Problems)
	}
	if !hasItem(res.Unmapped, `prop marking="cui"`) {
		t.Errorf("unmapped = %v", res.Unmapped)
	}
	cat, lerr := controls.Load(context.Background(), os.DirFS(out), out)
	if lerr == nil || cat == nil {
		t.Fatal("the written catalog loads without the problem")
	}
	if ac3, _ := cat.Control("ac-3"); ac3 == nil || ac3.Caveat != "Only in production." || ac3.Status != controls.Implemented {
		t.Errorf("ac-3 = %+v", ac3)
	}
}

// On the real catalogs, every requirement says the control's own status,
// and every caveat is in the remarks and after the statement: the export
// never claims more than the catalog.
func TestExportKeepsStatusAndCaveats(t *testing.T) {
	for name, fsys := range catalogs(t) {
		cat := load(t, fsys, name)
		var doc Document
		if err := json.Unmarshal(export(t, cat, ComponentDefinitionModel), &doc); err != nil {
			t.Fatal(err)
		}
		reqs := doc.ComponentDefinition.Components[0].ControlImplementations[0].ImplementedRequirements
		if len(reqs) != len(cat.Controls) {
			t.Fatalf("%s: %d requirements for %d controls", name, len(reqs), len(cat.Controls))
		}
		caveats := 0
		for i, ct := range cat.Controls {
			r := reqs[i]
			if r.ControlID != ct.ID || propValue(r.Props, "implementation-status") != string(ct.Status) {
				t.Errorf("%s %s: requirement %s with status %q, control status %q", name, ct.ID, r.ControlID, propValue(r.Props, "implementation-status"), ct.Status)
			}
			if ct.Caveat == "" {
				continue
			}
			caveats++
			c := strings.TrimSpace(ct.Caveat)
			if r.Remarks != "Caveat: "+c || !strings.HasSuffix(r.Description, "\n\nCaveat: "+c) {
				t.Errorf("%s %s: caveat lost: remarks %q", name, ct.ID, r.Remarks)
			}
		}
		if caveats == 0 {
			t.Errorf("%s: no control with a caveat: the check checks nothing", name)
		}
	}
}

// A component definition from another tool: two components implementing
// the same control, roles, parameters, an external evidence link, a prop in
// NIST's namespace, and fields vouch has no place for.
func TestImportForeignComponents(t *testing.T) {
	doc := `{"component-definition": {"uuid": "a7ba800c-a432-44cd-9075-0862cd66da6b",
  "metadata": {"title": "Platform", "last-modified": "2026-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.2",
    "roles": [{"id": "provider", "title": "Provider"}, {"id": "sec-eng", "title": "Security engineering"}, {"id": "ops", "title": "Operations"}],
    "parties": [{"uuid": "11111111-1111-4111-8111-111111111111", "type": "person", "name": "Ann Auditor"},
                {"uuid": "22222222-2222-4222-8222-222222222222", "type": "organization", "name": "Platform Inc.", "short-name": "Platform",
                 "email-addresses": ["security@platform.example"]}]},
  "components": [
    {"uuid": "33333333-3333-4333-8333-333333333333", "type": "service", "title": "Platform API", "description": "The API.",
     "responsible-roles": [{"role-id": "provider", "party-uuids": ["22222222-2222-4222-8222-222222222222"]}],
     "control-implementations": [{"uuid": "44444444-4444-4444-8444-444444444444", "source": "https://example.com/800-53.json", "description": "800-53",
       "set-parameters": [{"param-id": "ac-2_prm_1", "values": ["90 days"]}],
       "implemented-requirements": [
         {"uuid": "55555555-5555-4555-8555-555555555555", "control-id": "ac-2",
          "description": "Inactive accounts are disabled after {{ insert: param, ac-2_prm_1 }}; reviews every {{ insert: param, ac-2_prm_2 }}.",
          "props": [{"name": "implementation-status", "ns": "http://csrc.nist.gov/ns/oscal", "value": "implemented"}],
          "responsible-roles": [{"role-id": "sec-eng"}, {"role-id": "ops"}],
          "links": [{"href": "https://evidence.example/ac-2.pdf", "rel": "evidence", "text": "AC-2 report"}, {"href": "https://example.com/policy", "rel": "reference"}]}]}]},
    {"uuid": "66666666-6666-4666-8666-666666666666", "type": "software", "title": "Worker", "description": "Background jobs.",
     "control-implementations": [{"uuid": "77777777-7777-4777-8777-777777777777", "source": "https://example.com/800-53.json", "description": "800-53",
       "implemented-requirements": [
         {"uuid": "88888888-8888-4888-8888-888888888888", "control-id": "ac-2", "description": "Workers have no user accounts.",
          "props": [{"name": "implementation-status", "value": "not-applicable"}, {"name": "implementation-status", "value": "extra"}]}]}]}]}}`
	dir := t.TempDir()
	src := filepath.Join(dir, "platform.json")
	if err := os.WriteFile(src, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := validateOSCAL(t, []byte(doc)); err != nil {
		t.Fatalf("the fixture is not valid OSCAL: %v", err)
	}
	out := filepath.Join(dir, "catalog")
	res, err := Import(context.Background(), src, out, ImportOptions{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	cat := load(t, os.DirFS(out), out)
	if cat.Company.Name != "Platform" || cat.Company.LegalName != "Platform Inc." || cat.Company.Product != "Platform API" {
		t.Errorf("company = %+v", cat.Company)
	}
	if len(cat.Company.Contacts) != 1 || cat.Company.Contacts[0].Email != "security@platform.example" {
		t.Errorf("contacts = %+v", cat.Company.Contacts)
	}
	ac2, _ := cat.Control("ac-2")
	if ac2 == nil || ac2.Statement != "Inactive accounts are disabled after 90 days; reviews every [ac-2_prm_2]." ||
		ac2.Status != controls.Implemented || ac2.Owner != "Security engineering; Operations" || ac2.Domain != "platform-api" ||
		len(ac2.Evidence) != 1 || ac2.Evidence[0].Ref != "https://evidence.example/ac-2.pdf" || ac2.Evidence[0].Name != "AC-2 report" {
		t.Errorf("ac-2 = %+v", ac2)
	}
	worker, _ := cat.Control("ac-2-2")
	if worker == nil || worker.Domain != "worker" || worker.Status != controls.NotApplicable {
		t.Errorf("the Worker's ac-2 = %+v", worker)
	}
	for _, want := range []string{`party "Ann Auditor" not mapped`, "parameter ac-2_prm_2 has no value set", "link https://example.com/policy", `component "Worker" (software)`,
		"control ac-2 is implemented twice; the second is imported as ac-2-2", `prop implementation-status="extra"`, "kept as a contact with role \"contact\"", "the control-ids refer to https://example.com/800-53.json"} {
		if !hasItem(res.Unmapped, want) {
			t.Errorf("unmapped items lack %q:\n%v", want, res.Unmapped)
		}
	}
}
