package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Twenty-first session: classes of error seen in at least two development
// articles of folds y and ac–al, in sentences of our own.

// TestRealNewsRelativeClauseModal: a modal that opens a relative clause of
// a noun tells what the deal may bring, not whether it was made: "In a move
// that could reshape the semiconductor industry, X and Y have announced a
// collaboration" (r4845), "In an unprecedented move that could be a game
// changer ..., X announced Friday it has signed a 20-year deal" (r4843),
// "canceled a contract with X that could eventually have been worth $10
// billion" (r4180, r4974), "has struck a multi-year deal to supply X ...
// in a pact that could generate tens of billions" (r4399). A "that" clause
// closes at its comma, so the trigger after it is not inside it. A modal
// after a verb of saying or expecting, or a modal of the deal itself,
// stays a hypothesis.
func TestRealNewsRelativeClauseModal(t *testing.T) {
	wantModalities(t, []modalityCase{
		{"In a move that could reshape the chip industry, Zephyr Labs and Nvidia have announced a landmark collaboration.", "zephyrlabs", schemas.ModalityStated},
		{"In a bold move that could be a turning point for the sector, Constellation Energy announced Monday it has signed a 15-year deal to supply Microsoft with nuclear power.", "constellationenergy", schemas.ModalityStated},
		{"Oracle has struck a multi-year deal to supply Zephyr Labs with 2 gigawatts of compute capacity, in a pact that could generate billions in revenue.", "zephyrlabs", schemas.ModalityStated},
		{"Google has invested $1 billion in Zephyr Labs, with a clause that Zephyr would move its trading systems to Google Cloud.", "zephyrlabs", schemas.ModalityStated},
		{"Zephyr Labs could sign a cloud deal with Oracle.", "oracle", schemas.ModalityRumoured},
		{"Analysts believe that Zephyr Labs could sign a cloud deal with Oracle.", "oracle", schemas.ModalityRumoured},
		{"Zephyr Labs and Nvidia are weighing a collaboration that could reshape the chip industry.", "zephyrlabs", schemas.ModalityRumoured},
	})
}

// TestRealNewsConditionOfValue: an "if" that conditions a deal's size told
// just before it ("with the total potentially reaching $40 billion if
// performance targets are hit", r4613; "could be worth up to $10 billion
// ... if the Pentagon exercises all options", r4667) leaves the deal
// stated; a deal that depends on the condition stays a hypothesis.
func TestRealNewsConditionOfValue(t *testing.T) {
	wantModalities(t, []modalityCase{
		{"Amazon announced plans to invest at least $2 billion in Zephyr Labs, with the total potentially reaching $8 billion if milestones are met.", "zephyrlabs", schemas.ModalityStated},
		{"Amazon will invest $2 billion in Zephyr Labs if regulators approve the deal.", "zephyrlabs", schemas.ModalityRumoured},
	})
}
