package warnings

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDebugArticle prints the warnings of the dev article named by
// REDLINE_DEBUG (an id); it is a tool for development and skips otherwise.
func TestDebugArticle(t *testing.T) {
	id := os.Getenv("REDLINE_DEBUG")
	if id == "" {
		t.Skip("set REDLINE_DEBUG=article-id to print its warnings")
	}
	path := filepath.Join(devDir, id+".txt")
	if filepath.Ext(id) == ".txt" {
		path = id
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	a := ArticleFromText(string(b))
	d := newDocument(a.Title, a.Text)
	an := analyse(d)
	for i, s := range d.sents {
		who := ""
		if w := an.info[i].who(); w != nil {
			who = w.name
		}
		t.Logf("[%d p%d q%d] who=%q cues=%d %s", i, s.para, s.quoteSpan, who, len(an.info[i].cues), s.text)
		for ci, c := range an.info[i].cues {
			sp := ""
			if ci < len(an.info[i].cueSpeaker) && an.info[i].cueSpeaker[ci] != nil {
				sp = an.info[i].cueSpeaker[ci].name
			}
			t.Logf("     cue %q class=%d verb=%v passive=%v speaker=%q", s.toks[c.at].text, c.class, c.verb, c.passive, sp)
		}
	}
	if len(an.info) > 0 {
		an.salientParty(&item{speaker: &entity{}})
		for k, pc := range an.parties {
			t.Logf("party %q n=%d first=%d", k, pc.n, pc.first)
		}
	}
	ws, _ := New().Extract(context.Background(), a)
	for _, w := range ws {
		t.Logf("W %s (%s) -> %s [%s] what=%q cond=%q cons=%q\n   ev=%q", w.Speaker.Name, w.Speaker.Affiliation, w.Addressee.Name, w.Kind, w.What, w.Condition, w.Consequence, w.Evidence)
	}
}
