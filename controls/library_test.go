package controls

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestMergeLibrary(t *testing.T) {
	same := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	lib := []Answer{{ID: "LIB-0007", Question: "Do you encrypt data at rest?", Verdict: "yes", Answer: "Yes",
		Sources: []LibrarySource{{File: "a.xlsx", Sheet: "S", Row: 4}}}}
	res := MergeLibrary(lib, []Learned{
		{Question: "do you encrypt data at rest? ", Verdict: "no", Answer: "No", Source: LibrarySource{File: "b.xlsx", Row: 9}},
		{Question: "Do you have a DPO?", Verdict: "yes", Answer: "Yes", Source: LibrarySource{File: "b.xlsx", Row: 10}},
		{Question: "Do you have a DPO?", Verdict: "yes", Answer: "Yes", Source: LibrarySource{File: "c.xlsx", Row: 2}},
		{Question: "   ", Verdict: "yes"},
	}, same)
	if res.Added != 1 || res.Merged != 2 || len(res.Library) != 2 {
		t.Fatalf("added %d merged %d library %+v", res.Added, res.Merged, res.Library)
	}
	if res.Library[1].ID != "LIB-0008" || len(res.Library[1].Sources) != 2 {
		t.Errorf("new entry = %+v", res.Library[1])
	}
	if len(res.Conflicts) != 1 || !strings.Contains(res.Conflicts[0].Message, "answered yes in a.xlsx S row 4, no in b.xlsx row 9") {
		t.Errorf("conflicts = %+v", res.Conflicts)
	}
	if res.Library[0].Conflict == "" {
		t.Error("the entry is not marked as a conflict")
	}
	if lib[0].Conflict != "" || len(lib[0].Sources) != 1 {
		t.Error("MergeLibrary changed its input")
	}
	// the same rows learned again: nothing added, nothing merged
	again := MergeLibrary(res.Library, []Learned{
		{Question: "Do you have a DPO?", Verdict: "yes", Answer: "Yes", Source: LibrarySource{File: "b.xlsx", Row: 10}},
	}, same)
	if again.Added != 0 || again.Merged != 0 || again.Unchanged != 1 || len(again.Library[1].Sources) != 2 {
		t.Errorf("learned again: added %d merged %d unchanged %d, sources %+v", again.Added, again.Merged, again.Unchanged, again.Library[1].Sources)
	}
}

func TestSaveLibrary(t *testing.T) {
	dir := writeCatalog(t, nil)
	d, _ := ParseDate("2026-11-23")
	answers := []Answer{{ID: "LIB-0001", Question: "Q?", Verdict: "yes", Answer: "Yes", Control: "ENC-01",
		Sources: []LibrarySource{{File: "x.xlsx", Sheet: "S", Row: 3, Learned: d}}}}
	if err := SaveLibrary(context.Background(), dir, answers); err != nil {
		t.Fatal(err)
	}
	cat, err := Load(context.Background(), os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Library) != 1 || cat.Library[0].Sources[0].Learned.String() != "2026-11-23" {
		t.Errorf("library = %+v", cat.Library)
	}
	bad := []Answer{{ID: "LIB-0002", Question: "Q?", Control: "NOPE-1"}}
	if err := SaveLibrary(context.Background(), dir, bad); err == nil {
		t.Error("an invalid library was saved")
	}
	cat, _ = Load(context.Background(), os.DirFS(dir), dir)
	if len(cat.Library) != 1 || cat.Library[0].ID != "LIB-0001" {
		t.Error("a refused save changed library.yaml")
	}
}
