package warnings

import (
	"strings"
	"testing"

	"redline/briefing"
)

func TestDescribe(t *testing.T) {
	text := `Russia warned Ukraine on Friday that any attack on its territory would be met with force. ` +
		`"If Kyiv strikes again, we will respond," Foreign Minister Sergey Lavrov said.`
	s := stage(t, "", text)
	cl := s.claimOf(t, 0, "warn")
	russia := cl.speakers.withPath("subj").ent
	d := decision{claim: cl, speaker: cl.speakers.withPath("subj"), addressees: cl.addressees, addressee: cl.addressees.withPath("obj"), prob: 0.9}
	w := describe(s.d, &item{decisions: []decision{d}, speaker: russia, addressee: d.addressee.ent})
	if w.Speaker.Name != "Russia" || w.Addressee.Name != "Ukraine" || w.Speaker.Key == "" {
		t.Errorf("actors %+v → %+v", w.Speaker, w.Addressee)
	}
	if len(w.Evidence) != 1 || !strings.Contains(text, w.Evidence[0]) {
		t.Errorf("evidence %q is not the article's own sentence", w.Evidence)
	}
	if !strings.HasPrefix(w.What, "Any attack on its territory would be met with force") {
		t.Errorf("what %q, want the clause warned about", w.What)
	}
	if w.Kind != briefing.KindWarning {
		t.Errorf("kind %s", w.Kind)
	}

	cl = s.claimOf(t, 1, "respond")
	d = decision{claim: cl, speaker: cl.speakers[0], addressees: cl.addressees, addressee: cl.addressees[0], prob: 0.9}
	w = describe(s.d, &item{decisions: []decision{d}, speaker: cl.speakers[0].ent})
	if w.Condition != "Kyiv strikes again" || !strings.Contains(w.Consequence, "we will respond") {
		t.Errorf("condition %q consequence %q", w.Condition, w.Consequence)
	}
	if w.Kind != briefing.KindThreat {
		t.Errorf("a speaker saying what it will do itself: kind %s, want threat", w.Kind)
	}
	if w.Quote != "If Kyiv strikes again, we will respond," && w.Quote != "If Kyiv strikes again, we will respond" {
		t.Errorf("quote %q", w.Quote)
	}
}

func TestOneLine(t *testing.T) {
	long := strings.Repeat("word ", 100)
	if got := oneLine(long, 40); len(got) > 44 || !strings.HasSuffix(got, "…") {
		t.Errorf("oneLine cut %q", got)
	}
	if got := oneLine("  two\n lines ", 40); got != "two lines" {
		t.Errorf("oneLine %q", got)
	}
}
