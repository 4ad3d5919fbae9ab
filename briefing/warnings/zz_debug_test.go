package warnings

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"redline/briefing/language"
)

func TestZZTree(t *testing.T) {
	s := os.Getenv("S")
	if s == "" {
		t.Skip()
	}
	d := newDocument("", s)
	m := language.Default()
	for i := range d.sents {
		tr := parse(m, d, i)
		for k, tok := range tr.toks {
			fmt.Printf("%2d %-14s %-6s %-5s %-10s %2d %-10s q=%v\n", k, tok.Text, tok.Tag, tok.XTag, tok.Lemma, tok.Head, tok.Rel, tr.quoted[k])
		}
		for k, tok := range tr.toks {
			if tok.Tag == "NOUN" || tok.Tag == "PROPN" || tok.Tag == "PRON" {
				mm := tr.mentionAt(k)
				fmt.Printf("mention %d: text=%q name=%q title=%q kind=%s aff=%q\n", k, mm.text, mm.name, mm.title, mm.kind, mm.affiliation)
			}
		}
	}
}

func TestZZClaims(t *testing.T) {
	s := os.Getenv("S")
	if s == "" {
		t.Skip()
	}
	d := newDocument("", s)
	trees := parseWhereNeeded(language.Default(), d)
	ments, _ := readMentions(d, trees)
	for i := range d.sents {
		sp := spotCues(d.sents[i])
		_, parsed := trees[i]
		fmt.Printf("sent %d parsed=%v spot=%+v: %s\n", i, parsed, sp, d.sents[i].text)
	}
	for _, cl := range findClaims(d, trees, ments) {
		var sp []string
		for _, c := range cl.speakers {
			sp = append(sp, c.ent.name+"("+strings.Join(c.paths, ",")+")")
		}
		fmt.Printf("claim sent %d cue %s: speakers %v\n", cl.sent, cl.cue.lemma, sp)
	}
}
