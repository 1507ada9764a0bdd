package questionnaire

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/match"
	"github.com/vouchcli/vouch/templates"
)

// TestRealQuestionnaires reads the public questionnaires of ../shared (when
// present) and checks the question counts their SOURCE.md states.
func TestRealQuestionnaires(t *testing.T) {
	dir := testutil.SharedDir(t, "questionnaires")
	cases := []struct {
		path, sheet             string
		questions               int
		idCol, qCol, aCol, cCol string
		allowed                 bool
	}{
		{"instructure-lite/Canvas Studio HECVAT Lite.xlsx", "HECVAT - Lite | Vendor Response", 94, "A", "B", "C", "D", true},
		{"instructure-lite/Canvas LMS K-12CVAT-Lite.xlsx", "CoSN K-12CVAT", 76, "A", "B", "C", "D", true},
		{"octopus-caiq-lite-v3.1/octopus-caiq-lite-v3.1-answers.csv", "", 71, "A", "C", "D", "E", false},
		{"google-vsaq/vsaq-questions.csv", "", 245, "A", "C", "J", "K", true},
		{"cisa-vendor-scrm/cisa-vendor-scrm-questions.csv", "", 261, "A", "C", "J", "K", true},
		{"betterplace-tom/tom-questions.csv", "", 135, "A", "C", "J", "K", true},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			doc, err := Read(context.Background(), filepath.Join(dir, c.path), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Layouts) != 1 {
				t.Fatalf("layouts = %+v, want one", doc.Layouts)
			}
			l := doc.Layouts[0]
			t.Logf("%+v", l)
			if c.sheet != "" && l.Sheet != c.sheet {
				t.Errorf("sheet = %q, want %q", l.Sheet, c.sheet)
			}
			if l.Questions != c.questions || len(doc.Questions) != c.questions {
				t.Errorf("questions = %d, want %d", len(doc.Questions), c.questions)
			}
			if l.IDCol != c.idCol || l.QuestionCol != c.qCol || l.AnswerCol != c.aCol || l.CommentCol != c.cCol {
				t.Errorf("columns id=%s q=%s a=%s c=%s, want %s %s %s %s", l.IDCol, l.QuestionCol, l.AnswerCol, l.CommentCol, c.idCol, c.qCol, c.aCol, c.cCol)
			}
			withAllowed := 0
			for _, q := range doc.Questions {
				if len(q.Allowed) > 0 {
					withAllowed++
				}
			}
			if c.allowed && withAllowed == 0 {
				t.Errorf("no question has dropdown values")
			}
			t.Logf("%d questions, %d with allowed values", len(doc.Questions), withAllowed)
		})
	}
}

// blankCopy copies a filled workbook into dir with its answer and comment
// cells emptied, so that fill has something to do.
func blankCopy(t *testing.T, src, dir string) string {
	t.Helper()
	doc, err := Read(context.Background(), src, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, q := range doc.Questions {
		for _, c := range []string{q.AnswerCell, q.CommentCell} {
			if c != "" {
				if err := f.SetCellValue(q.Sheet, c, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	out := filepath.Join(dir, filepath.Base(src))
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRealFill blanks the Instructure workbooks, fills them from the default
// catalog and checks the result (HECVAT also through LibreOffice).
func TestRealFill(t *testing.T) {
	dir := testutil.SharedDir(t, "questionnaires/instructure-lite")
	cat, err := controls.Load(context.Background(), templates.DefaultCatalog(), "default")
	if err != nil {
		t.Fatal(err)
	}
	eng := match.New(cat, match.Options{MinConfidence: 0.5, AsOf: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	for _, c := range []struct {
		file, sheet string
		questions   int
		soffice     bool
	}{
		{"Canvas Studio HECVAT Lite.xlsx", "HECVAT - Lite | Vendor Response", 94, true},
		{"Canvas LMS K-12CVAT-Lite.xlsx", "CoSN K-12CVAT", 76, false},
	} {
		t.Run(c.file, func(t *testing.T) {
			tmp := t.TempDir()
			in := blankCopy(t, filepath.Join(dir, c.file), tmp)
			out := filepath.Join(tmp, "filled.xlsx")
			rep, err := Fill(context.Background(), in, eng, FillOptions{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			s := rep.Summary
			t.Logf("%s: %d questions, %d answered, %d review, %d skipped", c.file, s.Questions, s.Answered, s.Review, s.Skipped)
			if s.Questions != c.questions || s.Skipped != 0 || s.Answered+s.Review != c.questions {
				t.Errorf("summary %+v", s)
			}
			doc, err := Read(context.Background(), out, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i, q := range doc.Questions {
				it := rep.Items[i]
				if it.Row != q.Row || (it.Answer != "" && q.Answer != it.Answer) {
					t.Errorf("row %d: item %+v, cell %q", q.Row, it, q.Answer)
				}
				if len(q.Allowed) > 0 && q.Answer != "" && !slices.Contains(q.Allowed, q.Answer) {
					t.Errorf("row %d: %q outside the dropdown %q", q.Row, q.Answer, q.Allowed)
				}
			}
			if c.soffice && os.Getenv("VOUCH_SKIP_SOFFICE") == "" {
				checkInLibreOffice(t, out, doc, c.sheet)
			}
		})
	}
}

// TestRealFillCSV fills copies of the CSV questionnaires from the default catalog.
func TestRealFillCSV(t *testing.T) {
	dir := testutil.SharedDir(t, "questionnaires")
	cat, err := controls.Load(context.Background(), templates.DefaultCatalog(), "default")
	if err != nil {
		t.Fatal(err)
	}
	eng := match.New(cat, match.Options{MinConfidence: 0.5, AsOf: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	for _, c := range []struct {
		path               string
		questions, skipped int
	}{
		{"octopus-caiq-lite-v3.1/octopus-caiq-lite-v3.1-answers.csv", 71, 71}, // filled by its vendor: all skipped
		{"google-vsaq/vsaq-questions.csv", 245, 0},
		{"cisa-vendor-scrm/cisa-vendor-scrm-questions.csv", 261, 0},
		{"betterplace-tom/tom-questions.csv", 135, 0},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			tmp := t.TempDir()
			in := filepath.Join(tmp, filepath.Base(c.path))
			b, err := os.ReadFile(filepath.Join(dir, c.path))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(in, b, 0o644)
			rep, err := Fill(context.Background(), in, eng, FillOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := rep.Summary
			t.Logf("%s: %d questions, %d answered, %d review, %d skipped", filepath.Base(c.path), s.Questions, s.Answered, s.Review, s.Skipped)
			if s.Questions != c.questions || s.Skipped != c.skipped {
				t.Errorf("summary %+v", s)
			}
			doc, err := Read(context.Background(), DefaultOut(in), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Questions) != c.questions {
				t.Errorf("the filled copy reads as %d questions", len(doc.Questions))
			}
			for i, q := range doc.Questions {
				if it := rep.Items[i]; it.Answer != "" && q.Answer != it.Answer && q.Answer != "'"+it.Answer {
					t.Errorf("row %d: cell %q, item %q", q.Row, q.Answer, it.Answer)
				}
			}
		})
	}
}

// TestRealPatchMatchesExcelize fills the Instructure workbooks as Excel
// wrote them (answers overwritten) by patching and with excelize, and
// compares what a reader sees of the two.
func TestRealPatchMatchesExcelize(t *testing.T) {
	dir := testutil.SharedDir(t, "questionnaires/instructure-lite")
	for _, file := range []string{"Canvas Studio HECVAT Lite.xlsx", "Canvas LMS K-12CVAT-Lite.xlsx"} {
		t.Run(file, func(t *testing.T) {
			in := filepath.Join(dir, file)
			before := sha(t, in)
			patched, saved := fillBoth(t, in, &fakeAnswerer{}, FillOptions{Overwrite: true})
			if sha(t, in) != before {
				t.Fatal("the input was modified")
			}
			diffSnapshots(t, snapshot(t, patched), snapshot(t, saved))
			untouched(t, in, patched)
		})
	}
}
