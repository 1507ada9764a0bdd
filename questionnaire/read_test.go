package questionnaire

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

func read(t *testing.T, path string, opts ReadOptions) *Document {
	t.Helper()
	doc, err := Read(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Read(%s): %v", filepath.Base(path), err)
	}
	return doc
}

// qsum is a question as the tests compare it.
type qsum struct {
	Row                 int
	ID, Text, Ans, Comm string
}

func summaries(doc *Document) []qsum {
	var out []qsum
	for _, q := range doc.Questions {
		out = append(out, qsum{q.Row, q.ID, q.Text, q.AnswerCell, q.CommentCell})
	}
	return out
}

func TestReadLayouts(t *testing.T) {
	tests := []struct {
		name   string
		build  func(t *testing.T, f *excelize.File)
		opts   ReadOptions
		layout Layout // compared on the columns, header row and sheet
		want   []qsum
	}{
		{
			name: "caiq-style header below title rows",
			build: func(t *testing.T, f *excelize.File) {
				f.SetSheetName("Sheet1", "CAIQv4.0.3")
				rows(t, f, "CAIQv4.0.3", 1, [][]any{
					{"Consensus Assessments Initiative Questionnaire v4.0.3"},
					{"© Copyright 2021 Cloud Security Alliance - All rights reserved"},
					{},
					{"Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership", "CSP Implementation Description (Optional/Recommended)"},
					{"A&A-01.1", "Are audit and assurance policies established?", "", "", ""},
					{"A&A-02.1", "Are independent audit assessments conducted\nat least annually?", "", "", ""},
					{"End of Standard"},
				})
			},
			layout: Layout{Sheet: "CAIQv4.0.3", HeaderRow: 4, IDCol: "A", QuestionCol: "B", AnswerCol: "C", CommentCol: "E"},
			want: []qsum{
				{5, "A&A-01.1", "Are audit and assurance policies established?", "C5", "E5"},
				{6, "A&A-02.1", "Are independent audit assessments conducted\nat least annually?", "C6", "E6"},
			},
		},
		{
			name: "requirement, response, notes; no ID column",
			build: func(t *testing.T, f *excelize.File) {
				rows(t, f, "Sheet1", 1, [][]any{
					{"ACME Corp vendor security review"},
					{"Please answer every requirement."},
					{"Requirement", "Response", "Notes"},
					{"Please answer each requirement with Yes or No and explain in Notes."},
					{"Access Control"},
					{"Describe your key management", "", ""},
					{"MFA is enforced for all administrators", "", ""},
					{"Copyright 2025 ACME"},
				})
			},
			layout: Layout{Sheet: "Sheet1", HeaderRow: 3, QuestionCol: "A", AnswerCol: "B", CommentCol: "C"},
			want: []qsum{
				{6, "", "Describe your key management", "B6", "C6"},
				{7, "", "MFA is enforced for all administrators", "B7", "C7"},
			},
		},
		{
			name: "hecvat: section rows repeat the header, questions above the header carry IDs",
			build: func(t *testing.T, f *excelize.File) {
				f.SetSheetName("Sheet1", "Vendor Response")
				rows(t, f, "Vendor Response", 1, [][]any{
					{"HECVAT - Lite | Vendor Response", "", "", "", "Version 3.04"},
					{"Vendor Response"},
					{"DATE-01", "Date", 45432},
					{"General Information"},
					{"In order to protect the institution, vendors should answer every question."},
					{"GNRL-01", "Vendor Name", ""},
					{"Vendor Instructions"},
					{"Step 1: Complete each section answering each set of questions in order from top to bottom."},
					{"Company Overview", "", "Vendor Answers", "Additional Information", "Guidance", "Analyst Notes"},
					{"COMP-01", "Describe your organization's business background.", "", "", "N/A"},
					{"COMP-02", "Is there a dedicated information security staff?", "", "", ""},
					{"Documentation", "", "Vendor Answers", "Additional Information", "Guidance", "Analyst Notes"},
					{"DOCU-01", "Have you had a SOC 2 / SSAE 18 audit?", "", ""},
					{"Third Party Assessment", "", "", "Additional Information", "Guidance", "Analyst Notes"},
					{"HLTP-01", "Will institution data be shared with any third party?"},
					{"", "https://example.org/hecvat"},
				})
			},
			layout: Layout{Sheet: "Vendor Response", HeaderRow: 9, IDCol: "A", QuestionCol: "B", AnswerCol: "C", CommentCol: "D"},
			want: []qsum{
				{3, "DATE-01", "Date", "C3", "D3"},
				{6, "GNRL-01", "Vendor Name", "C6", "D6"},
				{10, "COMP-01", "Describe your organization's business background.", "C10", "D10"},
				{11, "COMP-02", "Is there a dedicated information security staff?", "C11", "D11"},
				{13, "DOCU-01", "Have you had a SOC 2 / SSAE 18 audit?", "C13", "D13"},
				{15, "HLTP-01", "Will institution data be shared with any third party?", "C15", "D15"},
			},
		},
		{
			name: "merged cells: section merged across, question merged down, ID merged down",
			build: func(t *testing.T, f *excelize.File) {
				rows(t, f, "Sheet1", 1, [][]any{
					{"#", "Question", "Answer", "Comments"},
					{"Access control"},
					{"1", "Do you enforce MFA?", "", ""},
					{"", "", "", ""},
					{"2", "Do you encrypt data at rest?", "", ""},
					{"", "Do you encrypt backups?", "", ""},
				})
				for _, m := range [][2]string{{"A2", "D2"}, {"B3", "B4"}, {"A5", "A6"}} {
					if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
						t.Fatal(err)
					}
				}
			},
			layout: Layout{Sheet: "Sheet1", HeaderRow: 1, IDCol: "A", QuestionCol: "B", AnswerCol: "C", CommentCol: "D"},
			want: []qsum{
				{3, "1", "Do you enforce MFA?", "C3", "D3"},
				{5, "2", "Do you encrypt data at rest?", "C5", "D5"},
				{6, "2", "Do you encrypt backups?", "C6", "D6"},
			},
		},
		{
			name: "overrides: no header words at all",
			build: func(t *testing.T, f *excelize.File) {
				f.SetSheetName("Sheet1", "Q")
				rows(t, f, "Q", 1, [][]any{
					{"Kunde", "Frage", "Antwort"},
					{"x", "Verschlüsseln Sie Daten?", ""},
					{"y", "Nutzen Sie MFA?", ""},
				})
			},
			opts: ReadOptions{Sheet: "Q", HeaderRow: 1, QuestionCol: "B", AnswerCol: "C", IDCol: "A"},
			// no comment column: one is appended after the last used column
			layout: Layout{Sheet: "Q", HeaderRow: 1, IDCol: "A", QuestionCol: "B", AnswerCol: "C", CommentCol: "D", AppendedComment: true},
			want: []qsum{
				{2, "x", "Verschlüsseln Sie Daten?", "C2", "D2"},
				{3, "y", "Nutzen Sie MFA?", "C3", "D3"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := book(t, t.TempDir(), "buyer.xlsx", func(f *excelize.File) { tt.build(t, f) })
			doc := read(t, p, tt.opts)
			if len(doc.Layouts) != 1 {
				t.Fatalf("layouts = %+v", doc.Layouts)
			}
			l := doc.Layouts[0]
			got := Layout{Sheet: l.Sheet, HeaderRow: l.HeaderRow, IDCol: l.IDCol, QuestionCol: l.QuestionCol, AnswerCol: l.AnswerCol, CommentCol: l.CommentCol,
				AppendedAnswer: l.AppendedAnswer, AppendedComment: l.AppendedComment}
			if !reflect.DeepEqual(got, tt.layout) {
				t.Errorf("layout = %+v\nwant     %+v (notes %v)", got, tt.layout, l.Notes)
			}
			if s := summaries(doc); !reflect.DeepEqual(s, tt.want) {
				t.Errorf("questions:\n got %+v\nwant %+v", s, tt.want)
			}
		})
	}
}

func TestReadSectionsAndDates(t *testing.T) {
	p := book(t, t.TempDir(), "hecvat.xlsx", func(f *excelize.File) {
		rows(t, f, "Sheet1", 1, [][]any{
			{"DATE-01", "Date", 45432},
			{"Company Overview", "", "Vendor Answers", "Additional Information"},
			{"COMP-01", "Do you have a security team?", "Yes", "Since 2019."},
		})
	})
	doc := read(t, p, ReadOptions{})
	if got := doc.Questions[0].Answer; got != "2024-05-20" {
		t.Errorf("date serial read as %q, want 2024-05-20", got)
	}
	if q := doc.Questions[1]; q.Section != "Company Overview" || q.Answer != "Yes" || q.Comment != "Since 2019." {
		t.Errorf("filled row read as %+v", q)
	}
}

func TestReadSheets(t *testing.T) {
	p := book(t, t.TempDir(), "multi.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Instructions")
		rows(t, f, "Instructions", 1, [][]any{{"Question", "Answer"}, {"How do I fill this in?", "Answer each question in column C."}})
		rows(t, f, "Lists", 1, [][]any{{"Question", "Answer"}, {"Is this a list?", "Yes"}})
		f.SetSheetVisible("Lists", false)
		rows(t, f, "Access", 1, [][]any{{"ID", "Question", "Response"}, {"AC-1", "Do you enforce MFA?"}})
		rows(t, f, "Analyst Report", 1, [][]any{{"Question", "Score"}, {"Do you enforce MFA?", "3"}})
		rows(t, f, "Crypto", 1, [][]any{{"ID", "Question", "Response", "Comments"}, {"CR-1", "Do you encrypt data at rest?"}, {"CR-2", "Do you encrypt data in transit?"}})
		f.NewSheet("Empty")
	})
	doc := read(t, p, ReadOptions{})
	var used []string
	reasons := map[string]string{}
	for _, s := range doc.Sheets {
		if s.Used {
			used = append(used, s.Name)
		}
		reasons[s.Name] = s.Reason
	}
	if !reflect.DeepEqual(used, []string{"Access", "Crypto"}) {
		t.Errorf("used sheets = %v, want Access and Crypto (reasons %v)", used, reasons)
	}
	if reasons["Lists"] != "hidden" || reasons["Empty"] != "empty" || reasons["Instructions"] == "" || reasons["Analyst Report"] == "" {
		t.Errorf("reasons = %v", reasons)
	}
	if len(doc.Questions) != 3 || doc.Questions[0].Sheet != "Access" || doc.Questions[2].Row != 3 {
		t.Errorf("questions = %+v", summaries(doc))
	}
	// --sheet reads a hidden sheet when asked.
	doc = read(t, p, ReadOptions{Sheet: "Lists"})
	if len(doc.Questions) != 1 || doc.Questions[0].Text != "Is this a list?" {
		t.Errorf("--sheet Lists: %+v", summaries(doc))
	}
}

// TestReadDimensionAndTrailing: a declared <dimension> smaller than the data,
// and rows whose trailing cells are empty (excelize drops them).
func TestReadDimensionAndTrailing(t *testing.T) {
	p := book(t, t.TempDir(), "dim.xlsx", func(f *excelize.File) {
		rows(t, f, "Sheet1", 1, [][]any{
			{"ID", "Question", "Answer", "Comment"},
			{"Q1", "Do you enforce MFA?"},
			{"Q2", "Do you encrypt backups?"},
			{"Q3", "Do you run DR tests?"},
		})
	})
	testutil.PatchZip(t, p, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		re := regexp.MustCompile(`<dimension[^>]*?(/>|>\s*</dimension>)`)
		if !re.Match(b) {
			t.Fatal("no <dimension> in the sheet")
		}
		return re.ReplaceAll(b, []byte(`<dimension ref="A1:B2"/>`))
	})
	doc := read(t, p, ReadOptions{})
	if len(doc.Questions) != 3 || doc.Questions[2].AnswerCell != "C4" || doc.Questions[2].CommentCell != "D4" {
		t.Errorf("questions = %+v", summaries(doc))
	}
}

func TestReadDropdowns(t *testing.T) {
	p := book(t, t.TempDir(), "dropdowns.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Q")
		rows(t, f, "Q", 1, [][]any{
			{"ID", "Question", "Answer", "Comments", "", "", "", "YES"},
			{"1", "Do you enforce MFA?", "", "", "", "", "", "NO"},
			{"2", "Do you encrypt data at rest?", "", "", "", "", "", "N/A"},
			{"3", "Do you run penetration tests?"},
			{"4", "Do you have SSO?"},
			{"5", "Describe your key management"},
			{"6", "Is the data center applicable?"},
		})
		rows(t, f, "Values", 1, [][]any{{"Campus"}, {}, {}, {"Answers"}, {"Yes"}, {"No"}})
		f.SetSheetVisible("Values", false)
		rows(t, f, "Lists", 1, [][]any{{"x", "Choices"}, {"", "Y"}, {"", "N"}, {"", "NA"}})
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "YesNo", RefersTo: "Values!$A$5:$A$6"}); err != nil {
			t.Fatal(err)
		}
		dropdown(t, f, "Q", "C2", `"Yes,No,NA"`)
		dropdown(t, f, "Q", "C3", "YesNo")
		dropdown(t, f, "Q", "C4", "Lists!$B$2:$B$4")
		dropdown(t, f, "Q", "C5", "$H$1:$H$3")
	})
	addX14(t, p, "xl/worksheets/sheet1.xml", "C7", "Lists!$B$2:$B$3")
	doc := read(t, p, ReadOptions{})
	want := map[int][]string{2: {"Yes", "No", "NA"}, 3: {"Yes", "No"}, 4: {"Y", "N", "NA"}, 5: {"YES", "NO", "N/A"}, 6: nil, 7: {"Y", "N"}}
	for _, q := range doc.Questions {
		if !reflect.DeepEqual(q.Allowed, want[q.Row]) {
			t.Errorf("row %d allowed = %q, want %q", q.Row, q.Allowed, want[q.Row])
		}
	}
	if len(doc.Questions) != 6 {
		t.Errorf("%d questions, want 6", len(doc.Questions))
	}
	// The x14 validation is one excelize may not report: ours finds it.
	info, err := xlsx.ReadPackage(p, DefaultMaxUnzipBytes)
	if err != nil {
		t.Fatal(err)
	}
	if v := info.X14["Q"]; len(v) != 1 || v[0].Sqref != "C7" || v[0].Formula != "Lists!$B$2:$B$3" {
		t.Errorf("x14 validations = %+v", v)
	}
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    []qsum
		allowed map[int][]string
		keys    map[int][]string
		answer  string // answer column letters
	}{
		{
			name:   "bom, quoted newlines, semicolons",
			data:   "\xEF\xBB\xBFID;Question;Answer;Comments\r\n1;\"Do you enforce\nMFA?\";;\r\n2;\"Do you encrypt; at rest?\";Yes;\r\n",
			want:   []qsum{{2, "1", "Do you enforce\nMFA?", "R2C3", "R2C4"}, {3, "2", "Do you encrypt; at rest?", "R3C3", "R3C4"}},
			answer: "C",
		},
		{
			name:   "tabs",
			data:   "Question\tResponse\nDo you enforce MFA?\t\n",
			want:   []qsum{{2, "", "Do you enforce MFA?", "R2C2", "R2C3"}},
			answer: "B",
		},
		{
			name: "choices column and no answer column (CISA style)",
			data: "id,domain,question,type,choices\n1,Qualifying,\"If you can answer Yes, skip the rest.\",,\n1.1#1,Qualifying,Do you have an SCRM program?,unique_choice,Yes | No | Alternate | N/A\n2,Design,opt_a=First option | opt_b=Second,checkgroup,\n",
			want: []qsum{
				{2, "1", "If you can answer Yes, skip the rest.", "R2C6", "R2C7"},
				{3, "1.1#1", "Do you have an SCRM program?", "R3C6", "R3C7"},
				{4, "2", "opt_a=First option | opt_b=Second", "R4C6", "R4C7"},
			},
			allowed: map[int][]string{3: {"Yes", "No", "Alternate", "N/A"}},
			answer:  "F",
		},
		{
			name: "named choices (VSAQ style)",
			data: "id,question,type,choices\nq_root,Where is the root password kept?,radiogroup,q_root_yes=In a safe. | q_root_no=We are not that careful.\nq_fw,Do you use firewalls?,radiogroup,Yes | No\n",
			want: []qsum{
				{2, "q_root", "Where is the root password kept?", "R2C5", "R2C6"},
				{3, "q_fw", "Do you use firewalls?", "R3C5", "R3C6"},
			},
			allowed: map[int][]string{2: {"In a safe.", "We are not that careful."}, 3: {"Yes", "No"}},
			keys:    map[int][]string{2: {"q_root_yes", "q_root_no"}},
			answer:  "E",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "buyer.csv")
			os.WriteFile(p, []byte(tt.data), 0o644)
			doc := read(t, p, ReadOptions{})
			if s := summaries(doc); !reflect.DeepEqual(s, tt.want) {
				t.Errorf("questions:\n got %+v\nwant %+v", s, tt.want)
			}
			if doc.Layouts[0].AnswerCol != tt.answer {
				t.Errorf("answer col = %s, want %s", doc.Layouts[0].AnswerCol, tt.answer)
			}
			for _, q := range doc.Questions {
				if !reflect.DeepEqual(q.Allowed, tt.allowed[q.Row]) {
					t.Errorf("row %d allowed %q, want %q", q.Row, q.Allowed, tt.allowed[q.Row])
				}
				if !reflect.DeepEqual(q.ChoiceKeys, tt.keys[q.Row]) {
					t.Errorf("row %d choice keys %q, want %q", q.Row, q.ChoiceKeys, tt.keys[q.Row])
				}
			}
		})
	}
}

// TestReadBadInput: one clear line naming the file and the problem.
func TestReadBadInput(t *testing.T) {
	good := func(t *testing.T, dir string) string {
		return book(t, dir, "good.xlsx", func(f *excelize.File) {
			rows(t, f, "Sheet1", 1, [][]any{{"Question", "Answer"}, {"Do you enforce MFA?"}})
		})
	}
	tests := []struct {
		name string
		make func(t *testing.T, dir string) string
		opts ReadOptions
		want string
	}{
		{"not a spreadsheet", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "buyer.pdf")
			os.WriteFile(p, []byte("%PDF-1.7\x00\x01\x02binary"), 0o644)
			return p
		}, ReadOptions{}, "buyer.pdf: not an .xlsx or .csv file"},
		{"renamed binary as xlsx", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "buyer.xlsx")
			os.WriteFile(p, []byte("hello, this is text"), 0o644)
			return p
		}, ReadOptions{}, "buyer.xlsx: not a valid .xlsx file"},
		{"truncated xlsx", func(t *testing.T, dir string) string {
			p := good(t, dir)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
			return p
		}, ReadOptions{}, "good.xlsx: not a valid .xlsx file (corrupt or truncated)"},
		{"encrypted", func(t *testing.T, dir string) string {
			p := good(t, dir)
			f, _ := excelize.OpenFile(p)
			defer f.Close()
			enc := filepath.Join(dir, "secret.xlsx")
			if err := f.SaveAs(enc, excelize.Options{Password: "s3cret"}); err != nil {
				t.Fatal(err)
			}
			return enc
		}, ReadOptions{}, "secret.xlsx: the workbook is encrypted (password-protected): give its password with --password-file"},
		{"encrypted, wrong password", func(t *testing.T, dir string) string {
			p := good(t, dir)
			f, _ := excelize.OpenFile(p)
			defer f.Close()
			enc := filepath.Join(dir, "secret.xlsx")
			f.SaveAs(enc, excelize.Options{Password: "s3cret"})
			return enc
		}, ReadOptions{Password: "wrong"}, "secret.xlsx: the workbook is encrypted and the password given does not open it"},
		{"xls", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "old.xls")
			os.WriteFile(p, append(append([]byte{}, oleMagic...), make([]byte, 1024)...), 0o644)
			return p
		}, ReadOptions{}, "old.xls: an .xls workbook (the old binary Excel format) is not supported: save it as .xlsx"},
		{"zip bomb", func(t *testing.T, dir string) string {
			p := good(t, dir)
			testutil.PatchZip(t, p, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("</worksheet>"), append(bytes.Repeat([]byte(" "), 3<<20), "</worksheet>"...), 1)
			})
			return p
		}, ReadOptions{MaxUnzipBytes: 2 << 20}, "good.xlsx: the workbook unzips to more than 2 MiB (a zip bomb?): refusing to read it"},
		{"empty workbook", func(t *testing.T, dir string) string {
			return book(t, dir, "empty.xlsx", func(f *excelize.File) {})
		}, ReadOptions{}, "empty.xlsx: the workbook is empty: no sheet holds any data"},
		{"no question column", func(t *testing.T, dir string) string {
			return book(t, dir, "prices.xlsx", func(f *excelize.File) {
				rows(t, f, "Sheet1", 1, [][]any{{"Item", "Price"}, {"Widget", 3}, {"Gadget", 4}})
			})
		}, ReadOptions{}, "prices.xlsx: no question column found on any sheet (looked for a header with Question, Control Question, Requirement"},
		{"no such sheet", func(t *testing.T, dir string) string { return good(t, dir) }, ReadOptions{Sheet: "Nope"}, `good.xlsx: no sheet "Nope" (sheets: Sheet1)`},
		{"directory", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "folder.xlsx")
			os.Mkdir(p, 0o755)
			return p
		}, ReadOptions{}, "folder.xlsx: is a directory, not a questionnaire"},
		{"empty csv", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "empty.csv")
			os.WriteFile(p, nil, 0o644)
			return p
		}, ReadOptions{}, "empty.csv: the file is empty"},
		{"csv without questions", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "prices.csv")
			os.WriteFile(p, []byte("item,price\nwidget,3\n"), 0o644)
			return p
		}, ReadOptions{}, "prices.csv: no header row found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := tt.make(t, dir)
			_, err := Read(context.Background(), p, tt.opts)
			if err == nil {
				t.Fatalf("Read succeeded, want an error containing %q", tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q\nwant it to contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
		})
	}
}

func TestReadEncryptedWithPassword(t *testing.T) {
	dir := t.TempDir()
	p := book(t, dir, "plain.xlsx", func(f *excelize.File) {
		rows(t, f, "Sheet1", 1, [][]any{{"Question", "Answer"}, {"Do you enforce MFA?"}})
	})
	f, _ := excelize.OpenFile(p)
	enc := filepath.Join(dir, "secret.xlsx")
	if err := f.SaveAs(enc, excelize.Options{Password: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	doc := read(t, enc, ReadOptions{Password: "s3cret"})
	if len(doc.Questions) != 1 {
		t.Errorf("questions = %+v", summaries(doc))
	}
}

func TestHeaderRole(t *testing.T) {
	tests := map[string]string{
		"Question": roleQuestion, "Control Question": roleQuestion, "Requirement": roleQuestion, "Question/Request": roleQuestion,
		"Question Text": roleQuestion, "Vendor Answers": roleAnswer, "CSP CAIQ Answer": roleAnswer, "Response": roleAnswer,
		"Answer": roleAnswer, "Yes/No/N/A": roleAnswer, "Additional Information": roleComment, "Comments": roleComment,
		"CSP Implementation Description (Optional/Recommended)": roleComment, "Notes": roleComment, "answer_text": roleComment,
		"Question ID": roleID, "ID": roleID, "#": roleID, "Ref": roleID, "Ques Num": roleID, "Control ID": roleID,
		"domain": roleSection, "choices": roleChoices, "Guidance": "", "Analyst Notes": "", "SSRM Control Ownership": "", "": "",
	}
	for h, want := range tests {
		if got := headerRole(h); got != want {
			t.Errorf("headerRole(%q) = %q, want %q", h, got, want)
		}
	}
}
