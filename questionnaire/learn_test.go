package questionnaire

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vouchcli/vouch/internal/testutil"
)

func TestVerdictOf(t *testing.T) {
	for in, want := range map[string]string{
		"Yes": "yes", "YES": "yes", "y": "yes", "Yes - see notes": "yes", "Yes, with SSO": "yes", "TRUE": "yes",
		"No": "no", "N": "no", "no.": "no",
		"N/A": "na", "NA": "na", "n/a (not hosted)": "na", "Not applicable": "na",
		"Partial": "partial", "Partially": "partial",
		"": "", "Yesterday": "", "Nobody": "", "45432": "", "See attached": "", "Not yet": "",
		// numbered dropdown choices
		"1) Yes": "yes", "2) No": "no", "(a) Yes": "yes", "3. N/A": "na",
	} {
		if got := VerdictOf(in); got != want {
			t.Errorf("VerdictOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLearnReadsAnsweredRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answered.xlsx")
	testutil.WriteSheet(t, path, [][]string{
		{"Vendor questionnaire (answered)"},
		{},
		{"ID", "Question", "Response", "Comments"},
		{"Q-1", "Do you encrypt data at rest?", "Yes", "AES at the storage layer."},
		{"Q-2", "Do you have a SOC 2 report?", "No", ""},
		{"Q-3", "Describe your backup schedule.", "Nightly snapshots kept 30 days.", ""},
		{"Q-4", "Do you perform background checks?", "", ""},
	})
	now := func() time.Time { return time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC) }
	link := func(q string) (string, bool) {
		if strings.Contains(q, "encrypt") {
			return "ENC-02", true
		}
		return "", false
	}
	learned, doc, err := Learn(context.Background(), path, LearnOptions{Now: now, Link: link})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Questions) != 4 || len(learned) != 3 {
		t.Fatalf("questions %d, learned %d: %+v", len(doc.Questions), len(learned), learned)
	}
	enc, soc, backup := learned[0], learned[1], learned[2]
	if enc.Verdict != "yes" || enc.Narrative != "AES at the storage layer." || enc.Control != "ENC-02" ||
		enc.Source.File != "answered.xlsx" || enc.Source.Row != 4 || enc.Source.ID != "Q-1" || enc.Source.Learned.String() != "2026-11-23" {
		t.Errorf("encryption = %+v", enc)
	}
	if soc.Verdict != "no" || soc.Control != "" {
		t.Errorf("soc2 = %+v", soc)
	}
	if backup.Verdict != "" || backup.Narrative != "Nightly snapshots kept 30 days." {
		t.Errorf("free text = %+v", backup)
	}
}

// "See X" notes are resolved to X's note, distinct questions stay apart,
// and form fields are learned as fields.
func TestLearnResolvesAndKeepsApart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answered.xlsx")
	testutil.WriteSheet(t, path, [][]string{
		{"ID", "Question", "Response", "Comments"},
		{"FIDP-04", "Do you run host-based intrusion detection?", "Yes", "Please see FIDP-05"},
		{"FIDP-05", "Do you employ network-based intrusion detection?", "Yes", "Both network and host sensors feed the SOC."},
		{"GNRL-06", "Vendor Contact Name", "See GNRL-08", ""},
		{"GNRL-08", "Vendor Contact Email", "security@zed.example", ""},
		{"AAAI-01", "Does your solution support single sign-on?", "1) Yes", ""},
	})
	isField := func(q string) bool { return !strings.Contains(q, "?") }
	ls, _, err := Learn(context.Background(), path, LearnOptions{IsField: isField})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for i, l := range ls {
		by[l.Source.ID] = i
	}
	if len(ls) != 5 {
		t.Fatalf("learned %d, want 5 (distinct questions are never merged)", len(ls))
	}
	if got := ls[by["FIDP-04"]].Narrative; got != "Both network and host sensors feed the SOC." {
		t.Errorf("FIDP-04 narrative %q, want FIDP-05's note", got)
	}
	if got := ls[by["AAAI-01"]].Verdict; got != "yes" {
		t.Errorf(`"1) Yes" learned as %q`, got)
	}
	for _, id := range []string{"GNRL-06", "GNRL-08"} {
		if ls[by[id]].Kind != "field" {
			t.Errorf("%s: kind %q, want field", id, ls[by[id]].Kind)
		}
	}
}
