package briefing

import "testing"

func TestFeedFilterMatches(t *testing.T) {
	w := Warning{
		Speaker:   Actor{Name: "Vladimir Putin", Key: "vladimir putin", AffiliationKey: "russia"},
		Addressee: Actor{Name: "Norway", Key: "norway"},
		Kind:      KindWarning, What: "Closing the ports would be a mistake",
		Evidence: []string{"Peskov said the Arctic CABLE cuts were not Russia's doing."},
	}
	threat := w
	threat.Kind = KindThreat
	for _, c := range []struct {
		name   string
		filter FeedFilter
		w      Warning
		want   bool
	}{
		{"zero", FeedFilter{}, w, true},
		{"speaker's affiliation", FeedFilter{ActorKeys: []string{"russia"}}, w, true},
		{"addressee", FeedFilter{ActorKeys: []string{"finland", "norway"}}, w, true},
		{"other actors", FeedFilter{ActorKeys: []string{"finland"}}, w, false},
		{"threats only, a warning", FeedFilter{ThreatsOnly: true}, w, false},
		{"threats only, a threat", FeedFilter{ThreatsOnly: true}, threat, true},
		{"keyword in the evidence, any case", FeedFilter{Keywords: []string{"cable"}}, w, true},
		{"keyword missing", FeedFilter{Keywords: []string{"pipeline", "drone"}}, w, false},
		{"every part must pass", FeedFilter{ActorKeys: []string{"russia"}, Keywords: []string{"drone"}}, w, false},
	} {
		if got := c.filter.Matches(c.w); got != c.want {
			t.Errorf("%s: Matches = %v, want %v", c.name, got, c.want)
		}
	}
	if got := (FeedFilter{ThreatsOnly: true}).Apply([]Warning{w, threat, w}); len(got) != 1 || got[0].Kind != KindThreat {
		t.Errorf("Apply kept %+v", got)
	}
}
