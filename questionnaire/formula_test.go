package questionnaire

import (
	"testing"
)

// TestFormulaFixturesBuild writes the fixtures (see -fixtures).
func TestFormulaFixturesBuild(t *testing.T) {
	dir := t.TempDir()
	hecvatBook(t, dir, "hecvat4.xlsx", hvNames)
	sigBook(t, dir)
	formulaBuyerBook(t, dir)
}
