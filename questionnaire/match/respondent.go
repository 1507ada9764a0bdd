package match

import (
	"regexp"
	"strings"
)

// A buyer's own spreadsheet often names the vendor it is sent to in the
// third person: "Does the supplier monitor its libraries?", "Vendor
// encrypts data at rest (Y/N)", "a BCP covering the vendor's critical
// systems". Read so, "supplier" would be a subprocessor and "the company's
// website" someone else's. asRespondent reads the party the question is
// addressed to as "you": where it is the subject of the question or of a
// clause, and where it owns something ("the vendor's" is "your"). Where it
// is an object ("do you assess the supplier?") it stays a third party.

// respondentParty names the party a questionnaire is addressed to.
const respondentParty = `(?:vendor|supplier|service provider|solution provider|saas provider|provider|contractor|bidder|respondent|proposer|offeror|company|organi[sz]ation|firm)`

var (
	// "the vendor's staff", and "Vendor's staff" opening a clause
	reRespondentOwns = regexp.MustCompile(`\bthe ` + respondentParty + `'s\b|(^|[.?!;:,] )` + respondentParty + `'s\b`)
	// "does the supplier monitor ...", "will the vendor notify ..."
	reRespondentAsked = regexp.MustCompile(`(^|[.?!;:,] )(does|do|did|is|are|was|were|has|have|had|will|would|can|could|shall|should|must|may|might) the ` + respondentParty + `\b`)
	// "the vendor shall ...", "Vendor encrypts data at rest (Y/N)"
	reRespondentSays = regexp.MustCompile(`(^|[.?!;:,] )(?:the )?` + respondentParty + ` (shall|must|will|should|would|can|may|has|have|is|are|does|did|agrees|applies|uses|maintains|provides|performs|ensures|encrypts|conducts|employs|implements|monitors|retains|stores|keeps|notifies|requires|complies|follows|supports|offers|operates|undergoes|restricts|limits|logs|tests|reviews|deletes|patches|scans|trains|collects|sells|shares|discloses|processes|hosts|protects|regularly|currently|also|never|only)\b`)
	// "confirm that the vendor ...", "if the vendor discovers ..."
	reRespondentClause = regexp.MustCompile(`\b(confirm|describe|explain|indicate|state|specify|detail|outline|attest|certify|verify|whether|if|when|where|how|what|why|that) the ` + respondentParty + `\b`)
)

// respondentCues are words one of which every match of the patterns
// above holds, so that most questions skip them.
var respondentCues = []string{"vendor", "supplier", "provider", "contractor", "bidder", "respondent", "proposer", "offeror", "company", "organi", "firm"}

// thirdPersonAux turns the verbs that agree with "the vendor" into those
// that agree with "you".
var thirdPersonAux = map[string]string{"does": "do", "is": "are", "was": "were", "has": "have"}

// asRespondent rewrites the party a clean question is addressed to as
// "you" (see above).
func asRespondent(cl string) string {
	found := false
	for _, c := range respondentCues {
		if strings.Contains(cl, c) {
			found = true
			break
		}
	}
	if !found {
		return cl
	}
	if strings.Contains(cl, "'s") {
		cl = reRespondentOwns.ReplaceAllString(cl, "${1}your")
	}
	cl = reRespondentAsked.ReplaceAllStringFunc(cl, func(m string) string {
		sm := reRespondentAsked.FindStringSubmatch(m)
		aux := sm[2]
		if v, ok := thirdPersonAux[aux]; ok {
			aux = v
		}
		return sm[1] + aux + " you"
	})
	cl = reRespondentSays.ReplaceAllStringFunc(cl, func(m string) string {
		sm := reRespondentSays.FindStringSubmatch(m)
		verb := sm[2]
		if v, ok := thirdPersonAux[verb]; ok {
			verb = v
		}
		return sm[1] + "you " + verb
	})
	return reRespondentClause.ReplaceAllString(cl, "$1 you")
}

// questionClean is a question's text as the engine reads it: clean, with
// the party it is addressed to as "you".
func questionClean(text string) string { return asRespondent(clean(text)) }
