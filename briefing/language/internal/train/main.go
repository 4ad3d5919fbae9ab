// Command train learns the tagger, lemmatiser and parser of package
// language from the UD English EWT treebank and writes the model file.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"redline/briefing/language/internal/conllu"
	"redline/briefing/language/internal/engine"
)

func main() {
	treebank := flag.String("treebank", "../shared/treebank", "folder with en_ewt-ud-{train,dev,test}.conllu.gz")
	tokMistakes := flag.String("tokmistakes", "", "write tokenizer disagreements with the treebank to this file")
	tagIters := flag.Int("tagiters", 8, "tagger training iterations")
	lexMin := flag.Int("lexmin", 5, "lexicon threshold")
	tagMin := flag.Float64("tagmin", 0.5, "prune tagger weights below this")
	flag.Parse()
	load := func(split string) []conllu.Sentence {
		s, err := conllu.ReadFile(filepath.Join(*treebank, "en_ewt-ud-"+split+".conllu.gz"))
		if err != nil {
			log.Fatal(err)
		}
		return s
	}
	train, dev, test := load("train"), load("dev"), load("test")
	fmt.Printf("treebank: %d / %d / %d sentences\n", len(train), len(dev), len(test))
	if *tokMistakes != "" {
		f, err := os.Create(*tokMistakes)
		if err != nil {
			log.Fatal(err)
		}
		tokenizerF1(train, f)
		f.Close()
	}
	for _, sp := range []struct {
		name  string
		sents []conllu.Sentence
	}{{"train", train}, {"dev", dev}, {"test", test}} {
		p, r, f := tokenizerF1(sp.sents, nil)
		fmt.Printf("tokenizer %-5s boundary P %.2f%% R %.2f%% F1 %.2f%%\n", sp.name, 100*p, 100*r, 100*f)
	}
	t0 := time.Now()
	tg := engine.TrainTagger(train, engine.TaggerOptions{Iterations: *tagIters, Seed: 1, MinAbs: *tagMin, LexMin: *lexMin})
	fmt.Printf("tagger: trained in %v, %d weights\n", time.Since(t0).Round(time.Millisecond), tg.W.Len())
	lm := engine.TrainLemmatizer(train)
	fmt.Printf("lemmatizer: %d dictionary entries, %d suffix rules\n", len(lm.Dict), len(lm.Rules))
	for _, sp := range []struct {
		name  string
		sents []conllu.Sentence
	}{{"dev", dev}, {"test", test}} {
		s := engine.EvalTagger(tg, lm, sp.sents)
		fmt.Printf("tagger %-4s UPOS %.2f%% XPOS %.2f%% lemma %.2f%%\n", sp.name, 100*s.UPOS, 100*s.XPOS, 100*s.Lemma)
	}
}
