package controls

import (
	"context"
	"testing"
	"time"
)

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// An expired item superseded by a newer valid one of the same name or kind
// no longer counts; one nothing supersedes still does.
func TestSupersession(t *testing.T) {
	asOf := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	ev := func(name, kind, collected, expires string) Evidence {
		e := Evidence{Name: name, Kind: kind}
		if collected != "" {
			e.Collected = mustDate(t, collected)
		}
		if expires != "" {
			e.Expires = mustDate(t, expires)
		}
		return e
	}
	tests := []struct {
		name        string
		evidence    []Evidence
		expired     int // ExpiredEvidence
		current     int // CurrentEvidence
		superseded  int
		gapKinds    []Kind
		gapSeverity []Severity
	}{
		{"expired alone", []Evidence{ev("KMS config", "config", "2025-01-01", "2026-01-01")}, 1, 1, 0,
			[]Kind{KindEvidenceExpired}, []Severity{High}},
		{"same name, newer", []Evidence{ev("KMS config", "", "2025-01-01", "2026-01-01"), ev("KMS config", "", "2026-11-01", "2027-11-01")}, 0, 1, 1,
			[]Kind{KindEvidenceOld}, []Severity{Low}},
		{"same kind, newer", []Evidence{ev("KMS 2025", "config", "2025-01-01", "2026-01-01"), ev("KMS 2026", "config", "2026-11-01", "")}, 0, 1, 1,
			[]Kind{KindEvidenceOld}, []Severity{Low}},
		{"newer one expired too", []Evidence{ev("KMS config", "", "2025-01-01", "2026-01-01"), ev("KMS config", "", "2025-06-01", "2026-06-01")}, 2, 2, 0,
			[]Kind{KindEvidenceExpired, KindEvidenceExpired}, []Severity{High, High}},
		{"other name and kind", []Evidence{ev("KMS config", "config", "2025-01-01", "2026-01-01"), ev("Pen test", "report", "2026-11-01", "2027-11-01")}, 1, 2, 0,
			[]Kind{KindEvidenceExpired}, []Severity{High}},
		{"older valid item does not supersede", []Evidence{ev("KMS config", "", "2026-02-01", "2026-03-01"), ev("KMS config", "", "2025-01-01", "")}, 1, 2, 0,
			[]Kind{KindEvidenceExpired}, []Severity{High}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Control{ID: "ENC-02", Title: "At rest", Domain: "encryption", Status: Implemented, Statement: "s", Evidence: tt.evidence,
				Reviewed: mustDate(t, "2026-11-01"), ReviewEvery: Period{N: 12, Unit: 'm'}}
			if got := len(c.ExpiredEvidence(asOf)); got != tt.expired {
				t.Errorf("ExpiredEvidence: %d, want %d", got, tt.expired)
			}
			if got := len(c.CurrentEvidence(asOf)); got != tt.current {
				t.Errorf("CurrentEvidence: %d, want %d", got, tt.current)
			}
			if got := len(c.SupersededEvidence(asOf)); got != tt.superseded {
				t.Errorf("SupersededEvidence: %d, want %d", got, tt.superseded)
			}
			rep, err := Gaps(context.Background(), &Catalog{Company: Company{Name: "X"}, Controls: []Control{c}}, GapOptions{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []Kind
			var sevs []Severity
			for _, f := range rep.Findings {
				if f.SubjectType == SubjectControl {
					kinds = append(kinds, f.Kind)
					sevs = append(sevs, f.Severity)
				}
			}
			if len(kinds) != len(tt.gapKinds) {
				t.Fatalf("gaps kinds %v, want %v", kinds, tt.gapKinds)
			}
			for i := range kinds {
				if kinds[i] != tt.gapKinds[i] || sevs[i] != tt.gapSeverity[i] {
					t.Errorf("gaps %v %v, want %v %v", kinds, sevs, tt.gapKinds, tt.gapSeverity)
				}
			}
		})
	}
}

func TestReviewOverdue(t *testing.T) {
	c := Control{Reviewed: mustDate(t, "2024-01-15"), ReviewEvery: Period{N: 12, Unit: 'm'}}
	overdue, due := c.ReviewOverdue(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	if !overdue || due.Format(time.DateOnly) != "2025-01-15" {
		t.Errorf("IAM-01 style: overdue %v, due %s", overdue, due)
	}
	if overdue, _ := c.ReviewOverdue(time.Date(2025, 1, 15, 23, 0, 0, 0, time.UTC)); overdue {
		t.Error("due today is not overdue")
	}
	if overdue, due := (Control{ReviewEvery: Period{N: 1, Unit: 'y'}}).ReviewOverdue(time.Now()); overdue || !due.IsZero() {
		t.Error("never reviewed: no due date")
	}
}
