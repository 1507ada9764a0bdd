package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLibraryCommands(t *testing.T) {
	dir := koraCopy(t)
	tmp := t.TempDir()
	csvFile := filepath.Join(tmp, "answers.csv")
	writeFile(t, csvFile, "id,question,answer,comment\n"+
		"Q-1,Do you have a bug bounty programme?,No,Reports go to the security inbox.\n"+
		"Q-2,Vendor Name,Kora Studio,\n"+
		"Q-3,Do you encrypt backups?,Yes,\n")
	r := run(t, "library", "import", csvFile, "--catalog", dir, "-o", "json")
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	var ch libraryChange
	if err := json.Unmarshal([]byte(r.out), &ch); err != nil {
		t.Fatal(err)
	}
	if ch.Added != 3 || ch.Library != 3 {
		t.Errorf("import: %+v", ch)
	}
	// importing the same file again changes nothing, and says so
	before, _ := os.ReadFile(filepath.Join(dir, "library.yaml"))
	if r := run(t, "library", "import", csvFile, "--catalog", dir); r.code != 0 || !strings.Contains(r.out, "0 added, 0 merged into existing entries, 3 already imported") {
		t.Fatalf("second import: %+v", r)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "library.yaml"))
	if string(before) != string(after) {
		t.Errorf("importing the same file twice changed library.yaml:\n%s\n---\n%s", before, after)
	}
	// a conflicting answer is reported and listed
	other := filepath.Join(tmp, "other.csv")
	writeFile(t, other, "question,answer\nDo you encrypt backups?,No\n")
	if r := run(t, "library", "import", other, "--catalog", dir); r.code != 0 || !strings.Contains(r.out, "1 conflicts") {
		t.Fatalf("conflicting import: %+v", r)
	}
	r = run(t, "library", "list", "--catalog", dir, "--conflicts", "-o", "json")
	var rows []struct{ ID, Conflict string }
	if err := json.Unmarshal([]byte(r.out), &rows); err != nil || len(rows) != 1 || !strings.Contains(rows[0].Conflict, "answers.csv") {
		t.Errorf("list --conflicts: %v %s", err, r.out)
	}
	// gaps lists it too
	if r := run(t, "gaps", "--catalog", dir, "-o", "json"); !strings.Contains(r.out, "GAP-library-conflict-"+rows[0].ID) {
		t.Errorf("gaps does not list the library conflict")
	}
	r = run(t, "library", "show", rows[0].ID, "--catalog", dir, "-o", "json")
	if r.code != 0 || !strings.Contains(r.out, `"question": "Do you encrypt backups?"`) {
		t.Errorf("show: %+v", r)
	}
	// the field was learned apart
	r = run(t, "library", "list", "--catalog", dir)
	if !strings.Contains(r.out, "field") {
		t.Errorf("list does not say field: %s", r.out)
	}
	if r := run(t, "library", "rm", "LIB-9999", "--catalog", dir); r.code != 1 || !strings.Contains(r.err, "no entry LIB-9999") {
		t.Errorf("rm unknown: %+v", r)
	}
	if r := run(t, "library", "rm", rows[0].ID, "--catalog", dir); r.code != 0 {
		t.Errorf("rm: %+v", r)
	}
	if r := run(t, "library", "show", rows[0].ID, "--catalog", dir); r.code != 1 {
		t.Errorf("show after rm: %+v", r)
	}
	if r := run(t, "library", "rm", "LIB-0001"); r.code != 1 || !strings.Contains(r.err, "read-only") {
		t.Errorf("rm on the embedded catalog: %+v", r)
	}
	bad := filepath.Join(tmp, "notes.txt")
	writeFile(t, bad, "hello")
	if r := run(t, "library", "import", bad, "--catalog", dir); r.code != 1 || !strings.Contains(r.err, "notes.txt") {
		t.Errorf("import of a text file: %+v", r)
	}
}

func TestFillMaxAgeFlag(t *testing.T) {
	if r := run(t, "questionnaire", "fill", "x.csv", "--max-age", "soon"); r.code != 2 || !strings.Contains(r.err, "--max-age") {
		t.Errorf("bad --max-age: %+v", r)
	}
}

func TestConceptsAndTopics(t *testing.T) {
	r := run(t, "questionnaire", "concepts", "--grep", "incident", "-o", "json")
	if r.code != 0 || !strings.Contains(r.out, `"id": "incident-response"`) {
		t.Errorf("concepts: %+v", r)
	}
	dir := koraCopy(t)
	f := filepath.Join(dir, "controls", "governance.yaml")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(strings.Replace(string(b), "    owner: Security lead\n", "    owner: Security lead\n    topics: [security-by-desing]\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "controls", "validate", "--catalog", dir)
	if r.code != 1 || !strings.Contains(r.err, `topic "security-by-desing" is no concept`) || !strings.Contains(r.err, "governance.yaml:") {
		t.Errorf("validate with an unknown topic: %+v", r)
	}
}
