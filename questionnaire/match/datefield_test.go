package match

import "testing"

func TestIsDateField(t *testing.T) {
	for text, want := range map[string]bool{
		"Date": true, "Date:": true, "Date completed": true, "Today's date": true, "Todays Date": true,
		"Completion Date": true, "Date of submission": true, "DATE SUBMITTED": true,
		"Do you date-stamp audit log entries?": false, "Date of your last penetration test": false,
		"Expiry date of the SOC 2 report": false, "Update": false, "Vendor Name": false,
	} {
		if got := IsDateField(text); got != want {
			t.Errorf("IsDateField(%q) = %v, want %v", text, got, want)
		}
	}
}
