package match

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/controls"
)

// FuzzAnswer: Answer never panics (its recover would report an internal
// error), and a dropdown cell only ever gets one of its values.
func FuzzAnswer(f *testing.F) {
	e := testEngine(f)
	f.Add("CEK-03.1", "Is data encrypted in transit?", "Encryption", "Yes,No,Partial", true)
	f.Add("", "Do you sell customer data?", "", "YES,NO,N/A", false)
	f.Add("A&A-01.1", "<b>Describe</b> your incident&nbsp;response plan.", "", "", true)
	f.Add("", "Do you have a SOC 2 Type II report? If not, explain.", "", "Y,N", false)
	f.Add("", "If yes, describe.", "", "", false)
	f.Add("1.2", "Is 100% of data encrypted with AES-256 24/7?", "", "Alternate,Yes,No", true)
	f.Fuzz(func(t *testing.T, id, text, section, allowedCSV string, hasComment bool) {
		var allowed []string
		if allowedCSV != "" {
			allowed = strings.Split(allowedCSV, ",")
		}
		r := e.Answer(Query{ID: id, Text: text, Section: section, Allowed: allowed, HasComment: hasComment})
		for _, why := range r.Reasons {
			if strings.HasPrefix(why, "internal error") {
				t.Fatalf("Answer panicked: %s", why)
			}
		}
		if len(allowed) > 0 && r.Answer != "" && !slices.Contains(allowed, r.Answer) {
			t.Fatalf("answer %q outside the dropdown %q", r.Answer, allowed)
		}
		switch r.Status {
		case StatusAnswered, StatusReview, StatusSkipped:
		default:
			t.Fatalf("status %q", r.Status)
		}
		switch r.Verdict {
		case "", VerdictYes, VerdictNo, VerdictPartial, VerdictNA:
		default:
			t.Fatalf("verdict %q", r.Verdict)
		}
		if r.Status != StatusAnswered && (r.Answer != "" || r.Verdict != "") {
			t.Fatalf("%s row with answer %q verdict %q", r.Status, r.Answer, r.Verdict)
		}
		if r.Confidence < 0 || r.Confidence > 1 || len(r.Candidates) > 3 {
			t.Fatalf("confidence %v, %d candidates", r.Confidence, len(r.Candidates))
		}
		n := Normalize(text)
		if s := Similarity(text, text); n != "" && s != 1 {
			t.Fatalf("Similarity(x, x) = %v for %q", s, text)
		}
	})
}

// benchQuestions builds n varied questions.
func benchQuestions(n int) []Query {
	stems := []string{"Do you", "Does your organization", "Is it your policy to", "Describe how you", "Please explain whether you", "How do you"}
	acts := []string{"encrypt customer data at rest", "encrypt data in transit with TLS 1.2", "enforce multi-factor authentication for administrators",
		"perform annual third-party penetration tests", "sell personal information", "maintain an incident response plan",
		"review access rights quarterly", "keep audit logs for privileged actions", "back up production databases daily",
		"notify customers of data breaches", "vet subprocessors before onboarding", "delete customer data on request",
		"run background checks on new hires", "monitor systems 24/7 with a SIEM", "patch critical vulnerabilities promptly",
		"separate development and production environments", "support single sign-on with SAML", "hold a SOC 2 Type II report",
		"publish a privacy policy", "offer a data processing agreement"}
	tails := []string{"?", " for all systems?", " and document it?", "? If not, explain.", " across every region?", ", and how often?"}
	allowed := [][]string{yesNoNA, withPart, withAlt, nil}
	qs := make([]Query, n)
	for i := range qs {
		qs[i] = Query{
			ID:         fmt.Sprintf("Q-%04d", i),
			Text:       stems[i%len(stems)] + " " + acts[(i/len(stems))%len(acts)] + tails[(i/7)%len(tails)],
			Allowed:    allowed[i%len(allowed)],
			HasComment: i%3 != 0,
		}
	}
	return qs
}

func BenchmarkAnswer(b *testing.B) {
	e := koraEngine(b)
	qs := benchQuestions(2000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, q := range qs {
			e.Answer(q)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/question")
}

func BenchmarkNew(b *testing.B) {
	e := koraEngine(b)
	cat := e.cat
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		New(cat, Options{})
	}
}

// BenchmarkNewLibrary is New on the Kora catalog with 240 learned answers,
// as after learning a large answered questionnaire.
func BenchmarkNewLibrary(b *testing.B) {
	cat := *koraEngine(b).cat
	cat.Library = nil
	for i, q := range benchQuestions(240) {
		cat.Library = append(cat.Library, controls.Answer{ID: fmt.Sprintf("LIB-%04d", i+1), Question: q.Text, Verdict: "yes", Answer: "Yes",
			Narrative: "We do, as our policy describes."})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		New(&cat, Options{})
	}
}
