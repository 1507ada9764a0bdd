package match

import (
	"testing"
)

func TestBM25Ranking(t *testing.T) {
	docs := []document{
		newDocument(KindControl, "ENC-01", "Encryption in transit", 0, field{"Encryption in transit", 3}, field{"TLS HTTPS", 2}, field{"We use TLS for data in transit.", 1}),
		newDocument(KindControl, "ENC-02", "Encryption at rest", 1, field{"Encryption at rest", 3}, field{"disk encryption", 2}, field{"Stored data is encrypted at rest.", 1}),
		newDocument(KindControl, "LOG-01", "Logging", 2, field{"Logging and monitoring", 3}, field{"SIEM audit logs", 2}, field{"We log security events and monitor them.", 1}),
		newDocument(KindControl, "BCR-01", "Backups", 3, field{"Backups", 3}, field{"restore recovery", 2}, field{"We back up data daily and test restores.", 1}),
	}
	ix := buildIndex(docs)
	tests := []struct {
		q    string
		top  string
		none bool
	}{
		{"Is data encrypted in transit with TLS?", "ENC-01", false},
		{"Is stored data encrypted at rest?", "ENC-02", false},
		{"Do you keep audit logs?", "LOG-01", false},
		{"How often do you back up and restore data?", "BCR-01", false},
		{"What colour is the carpet?", "", true},
	}
	for _, tt := range tests {
		hits := ix.search(terms(tt.q), nil)
		if tt.none {
			if len(hits) != 0 {
				t.Errorf("search(%q) = %d hits, want none", tt.q, len(hits))
			}
			continue
		}
		if len(hits) == 0 || ix.docs[hits[0].doc].id != tt.top {
			t.Errorf("search(%q): top %v, want %s", tt.q, hits, tt.top)
			continue
		}
		for i, h := range hits {
			if h.conf < 0 || h.conf > 1 || h.cov < 0 || h.cov > 1 {
				t.Errorf("search(%q): hit %d out of bounds: %+v", tt.q, i, h)
			}
			if i > 0 && h.score > hits[i-1].score {
				t.Errorf("search(%q): hits not sorted by score", tt.q)
			}
			if i > 0 && h.conf > hits[0].conf {
				t.Errorf("search(%q): runner-up more confident than the winner: %+v", tt.q, hits)
			}
		}
	}
}

// Title and keywords weigh more than the statement.
func TestBM25FieldWeights(t *testing.T) {
	docs := []document{
		newDocument(KindControl, "A", "Backups", 0, field{"Backups", 3}, field{"We keep copies.", 1}),
		newDocument(KindControl, "B", "Other", 1, field{"Other things", 3}, field{"We mention backups once among many other words here.", 1}),
	}
	ix := buildIndex(docs)
	hits := ix.search(terms("backups"), nil)
	if len(hits) < 2 || ix.docs[hits[0].doc].id != "A" {
		t.Fatalf("title match should win: %+v", hits)
	}
}

// Confidence means something: full coverage with a clear margin is high,
// half coverage is low, nothing is zero.
func TestConfidenceCalibration(t *testing.T) {
	docs := []document{
		newDocument(KindControl, "ENC-02", "Encryption at rest", 0, field{"Encryption at rest", 3}, field{"Stored customer data is encrypted at rest.", 1}),
		newDocument(KindControl, "IR-01", "Incident response", 1, field{"Incident response plan", 3}, field{"We investigate security incidents.", 1}),
		newDocument(KindControl, "PRV-01", "Privacy", 2, field{"Privacy notice", 3}, field{"We publish a privacy notice for customer data.", 1}),
	}
	ix := buildIndex(docs)
	full := ix.search(terms("Is stored customer data encrypted at rest?"), nil)
	half := ix.search(terms("Is customer data encrypted at rest with hardware tokens and quantum keys?"), nil)
	if len(full) == 0 || full[0].conf < 0.75 {
		t.Errorf("full coverage: %+v, want confidence >= 0.75", full)
	}
	if len(half) == 0 || half[0].conf >= 0.6 || half[0].conf >= full[0].conf {
		t.Errorf("partial coverage: %+v, want confidence below 0.6 and below full coverage", half)
	}
	if got := ix.search(nil, nil); len(got) != 0 {
		t.Errorf("empty query: %+v", got)
	}
	if got := buildIndex(nil).search(terms("anything"), nil); got != nil {
		t.Errorf("empty index: %+v", got)
	}
}
