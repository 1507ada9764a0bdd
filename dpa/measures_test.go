package dpa

import (
	"strings"
	"testing"
)

// TestAnnexIIMeasures: Annex II holds the technical and organisational
// measures under the Article 32 headings, and not the commitments and
// rights that padded it (DPA on request, questionnaires, CCPA rights,
// marketing opt-out, children's privacy).
func TestAnnexIIMeasures(t *testing.T) {
	tests := map[string]struct {
		in  map[string]string // control -> heading it sits under
		out []string
	}{
		"kora": {
			in: map[string]string{"ENC-01": "Pseudonymisation and encryption", "IAM-01": "Confidentiality and integrity", "BCR-01": "Availability, resilience",
				"IR-01": "Availability, resilience", "VUL-01": "Regular testing", "SDL-05": "Regular testing", "RET-01": "Data minimisation", "SDL-06": "Data minimisation"},
			out: []string{"CMP-01", "CMP-03", "PRV-07", "PRV-08", "PRV-12", "PRV-13", "PRV-16", "VEN-04"},
		},
		"proto": {
			in:  map[string]string{"ENC-02": "Pseudonymisation and encryption", "NET-01": "Confidentiality and integrity", "CMP-01": "Regular testing", "RET-01": "Data minimisation"},
			out: []string{"CMP-02", "PRV-02", "PRV-03", "PRV-11", "VEN-01"},
		},
	}
	cats := packetVariants(t)
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Build(cats[name], KindDPA, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			heading := map[string]string{}
			inAnnex := false
			cur := ""
			for _, b := range doc.Blocks {
				if b.Type == BlockHeading && b.Level == 1 {
					inAnnex = strings.HasPrefix(runsText(b.Runs), "Annex II ")
				}
				if !inAnnex {
					continue
				}
				if b.Type == BlockHeading && b.Level == 2 {
					cur = runsText(b.Runs)
					if !strings.Contains(cur, "(Art. ") {
						t.Errorf("Annex II heading %q is not an Article 32 heading", cur)
					}
				}
				for _, row := range b.Rows {
					heading[runsText(row[0])] = cur
				}
			}
			for id, want := range tt.in {
				if !strings.HasPrefix(heading[id], want) {
					t.Errorf("%s sits under %q, want %q", id, heading[id], want)
				}
			}
			for _, id := range tt.out {
				if h, ok := heading[id]; ok {
					t.Errorf("%s is not a measure, and Annex II lists it under %q", id, h)
				}
			}
		})
	}
}
