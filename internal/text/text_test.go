package text

import "testing"

func TestFirstNonBlank(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"", "  ", "b", "c"}, "b"}, {[]string{" a "}, " a "}, {[]string{"\t\n"}, ""}} {
		if got := FirstNonBlank(tt.in...); got != tt.want {
			t.Errorf("FirstNonBlank(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
