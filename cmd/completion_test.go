package cmd

import (
	"path/filepath"
	"strings"
	"testing"
)

// complete asks vouch for the completions of the last word of args, as the
// shell scripts do, and returns them without descriptions and the directive.
func complete(t *testing.T, args ...string) (values []string, directive string) {
	t.Helper()
	r := run(t, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: %d %s", args, r.code, r.err)
	}
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	for _, l := range lines[:len(lines)-1] {
		values = append(values, strings.SplitN(l, "\t", 2)[0])
	}
	return values, lines[len(lines)-1]
}

func TestCompletion(t *testing.T) {
	proto, err := filepath.Abs(filepath.Join("..", "examples", "proto-studio"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string // the values, joined by spaces
	}{
		{[]string{"controls", "show", "enc-0"}, "ENC-01 ENC-02 ENC-03"},
		{[]string{"controls", "set", "ENC-0"}, "ENC-01 ENC-02 ENC-03"},
		{[]string{"controls", "show", "ENC-01", ""}, ""}, // one ID only
		{[]string{"controls", "show", "--catalog", proto, "CMP-"}, "CMP-01 CMP-02"},
		{[]string{"controls", "list", "--status", ""}, "implemented partial planned alternative not-applicable draft"},
		{[]string{"controls", "set", "ENC-02", "--status", "p"}, "implemented partial planned alternative not-applicable draft"},
		{[]string{"controls", "list", "--framework", ""}, "caiq iso27001 soc2"},
		{[]string{"packet", "--format", ""}, "pdf xlsx"},
		{[]string{"packet", "--docs", "dpa,"}, "dpa,nda dpa,overview dpa,subprocessors"},
		{[]string{"controls", "list", "-o", ""}, "table json yaml csv"},
	}
	for _, tt := range tests {
		got, dir := complete(t, tt.args...)
		if strings.Join(got, " ") != tt.want || dir != ":4" {
			t.Errorf("%v: %q %s, want %q :4", tt.args, got, dir, tt.want)
		}
	}
	domains, _ := complete(t, "controls", "list", "--domain", "")
	if len(domains) < 5 || !strings.Contains(strings.Join(domains, " "), "encryption") {
		t.Errorf("domains: %v", domains)
	}
	// gaps keeps the values it registers itself.
	if got, _ := complete(t, "gaps", "--framework", ""); strings.Join(got, " ") != "soc2 iso27001" {
		t.Errorf("gaps --framework: %v", got)
	}
	if _, dir := complete(t, "controls", "show", "--catalog", filepath.Join(t.TempDir(), "none"), ""); dir != ":1" {
		t.Errorf("no catalog: directive %s, want :1 (error)", dir)
	}
}
