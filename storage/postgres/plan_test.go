package postgres

import "testing"

func TestPlanChoiceFollowsTheMatches(t *testing.T) {
	st := &wordStats{rows: 100_000, freq: map[string]float64{"common": 0.5, "middling": 0.01}, minFreq: 0.007}
	for _, tc := range []struct {
		words   []string
		collect bool
	}{
		{[]string{"common"}, false},        // 50,000 matches: a page is 42 rows back
		{[]string{"middling"}, true},       // 1,000: 2,100 rows walked against 1,000 collected
		{[]string{"rare"}, true},           // fewer than 350: collect
		{[]string{"common", "rare"}, true}, // the rarer word decides
		{[]string{"common", "middling"}, true},
	} {
		m := st.wordMatches(tc.words)
		if got := collectFirst(m, m, st.rows, 20); got != tc.collect {
			t.Errorf("%v (≈%.0f matches): collect = %v, want %v", tc.words, m, got, tc.collect)
		}
	}
	// A common word said by a rare speaker: few matches, the speaker's
	// index gives few rows.
	if !collectFirst(50_000*0.002, 200, 100_000, 20) {
		t.Error("a common word and a rare speaker should be collected")
	}
	// Without statistics (a new table) the walk is kept.
	if collectFirst(1, 1, 0, 20) {
		t.Error("without statistics the store should walk")
	}
}
