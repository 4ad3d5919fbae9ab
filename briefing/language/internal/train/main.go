// Command train learns the tagger, lemmatiser and parser of package
// language from the UD English EWT treebank and writes the model file.
// From the repository root:
//
//	go run ./briefing/language/internal/train -treebank ../shared/treebank -out briefing/language/data
//
// It prints the tokenizer's boundary F1 and the accuracy on dev and test
// (tune on dev, report test). Training is deterministic: seeded shuffles
// and exploration, integer perceptron updates, sorted output.
package main

import (
	"encoding/gob"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"redline/briefing/language/internal/conllu"
	"redline/briefing/language/internal/engine"
)

func main() {
	treebank := flag.String("treebank", "../shared/treebank", "folder with en_ewt-ud-{train,dev,test}.conllu.gz")
	repack := flag.String("repack", "", "instead of training, prune this model file with -tagmin and -parsemin and write it to -out")
	tagOnly := flag.Bool("tagonly", false, "stop after the tagger and lemmatiser")
	out := flag.String("out", "", "folder to write model.bin.gz to (nothing written if empty)")
	tokMistakes := flag.String("tokmistakes", "", "write tokenizer disagreements with the treebank to this file")
	tagIters := flag.Int("tagiters", 8, "tagger training iterations")
	lexMin := flag.Int("lexmin", 5, "lexicon threshold")
	dictMin := flag.Int("dictmin", 10, "tag dictionary: words seen at least this often ...")
	dictShare := flag.Float64("dictshare", 0.99, "... with their most frequent class at least this share of the time")
	parseIters := flag.Int("parseiters", 10, "parser training iterations")
	parseMin := flag.Float64("parsemin", 1.0, "prune parser move weights below this")
	labelMin := flag.Float64("labelmin", 1.0, "prune parser relation weights below this")
	explore := flag.Float64("explore", 0.9, "parser exploration probability")
	pruneTry := flag.String("prunetry", "", "comma-separated pruning thresholds to compare on dev after training")
	folds := flag.Int("folds", 5, "jackknife folds for the parser's training tags")
	tagMin := flag.Float64("tagmin", 1.0, "prune tagger weights below this")
	ablate := flag.Bool("ablate", false, "after training, measure dev accuracy without each parser template in turn")
	vocab := flag.Bool("vocab", true, "parser word features only for the tagger's lexicon words")
	jackCache := flag.String("jackcache", "", "keep the jackknifed training tags in this file and reuse them if it exists (for parser experiments; the tagger options must not change)")
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
	if *repack != "" {
		// Prune an already trained model further, without retraining.
		m := readModel(*repack)
		_, mapRel := engine.LabelSet(train, 100)
		m.Tagger.W = m.Tagger.W.Prune(*tagMin)
		m.Parser.W = m.Parser.W.Prune(*parseMin)
		m.Parser.LW = m.Parser.LW.Prune(*labelMin)
		fmt.Printf("repacked: tagger %d weights, parser %d + %d weights\n", m.Tagger.W.Len(), m.Parser.W.Len(), m.Parser.LW.Len())
		writeModel(m, *out, dev, test, mapRel)
		return
	}
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
	tg := engine.TrainTagger(train, engine.TaggerOptions{Iterations: *tagIters, Seed: 1, MinAbs: *tagMin, LexMin: *lexMin, DictMin: *dictMin, DictShare: *dictShare})
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

	for _, s := range probes {
		words := strings.Fields(s)
		cls := make([]int, len(words))
		tg.Tag(words, cls)
		for i, w := range words {
			fmt.Printf("%s/%s ", w, tg.XPOS(cls[i]))
		}
		fmt.Println()
	}
	if *ablate {
		s0 := engine.EvalTagger(tg, nil, dev)
		for k := range engine.NTagTemplates() {
			tg.Ablate(k)
			s := engine.EvalTagger(tg, nil, dev)
			fmt.Printf("ablate tagger template %3d: dev UPOS %+.2f XPOS %+.2f\n", k, 100*(s.UPOS-s0.UPOS), 100*(s.XPOS-s0.XPOS))
		}
		tg.Ablate(-1)
	}
	if *tagOnly {
		return
	}

	// Jackknifed tags: each fold of the training set is tagged by a tagger
	// trained on the other folds, so the parser learns from tags as noisy
	// as the ones it will get.
	t0 = time.Now()
	labels, mapRel := engine.LabelSet(train, 100)
	ptrain, ok := readJackknife(*jackCache)
	if !ok {
		ptrain = jackknife(train, *folds, engine.TaggerOptions{Iterations: *tagIters, MinAbs: *tagMin, LexMin: *lexMin, DictMin: *dictMin, DictShare: *dictShare}, mapRel)
		writeJackknife(*jackCache, ptrain)
	}
	fmt.Printf("jackknifed tags (%d folds) in %v\n", *folds, time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	ps := engine.TrainParser(ptrain, labels, engine.TagsOf(tg), engine.ParserOptions{Iterations: *parseIters, Seed: 7, MinAbs: *parseMin, LabelMin: *labelMin, Explore: *explore, Vocab: vocabOf(tg, *vocab)}, func(it int, snap func(float64) *engine.Parser) {
		if it == *parseIters-1 && *pruneTry != "" {
			for _, f := range strings.Split(*pruneTry, ",") {
				min, err := strconv.ParseFloat(f, 64)
				if err != nil {
					log.Fatal(err)
				}
				p := snap(min)
				u, l, _ := engine.EvalParser(tg, p, dev, mapRel)
				fmt.Printf("  prune %5.2f: dev UAS %.2f%% LAS %.2f%%, %d weights\n", min, 100*u, 100*l, p.W.Len())
			}
		}
		if it%3 == 2 || it == *parseIters-1 {
			p := snap(*parseMin)
			u, l, lb := engine.EvalParser(tg, p, dev, mapRel)
			fmt.Printf("  parser it %2d  %v  dev UAS %.2f%% LAS %.2f%% (base labels %.2f%%), %d weights\n", it+1, time.Since(t0).Round(time.Second), 100*u, 100*l, 100*lb, p.W.Len())
		}
	})
	fmt.Printf("parser: trained in %v, %d labels, %d move weights, %d relation weights\n", time.Since(t0).Round(time.Millisecond), len(labels), ps.W.Len(), ps.LW.Len())
	for _, sp := range []struct {
		name  string
		sents []conllu.Sentence
	}{{"dev", dev}, {"test", test}} {
		u, l, lb := engine.EvalParser(tg, ps, sp.sents, mapRel)
		fmt.Printf("parser %-4s UAS %.2f%% LAS %.2f%% (base labels %.2f%%)\n", sp.name, 100*u, 100*l, 100*lb)
	}
	if *ablate {
		nm, nl := engine.NTemplates()
		u0, l0, _ := engine.EvalParser(tg, ps, dev, mapRel)
		for k := range nm {
			ps.Ablate(k, -1)
			u, l, _ := engine.EvalParser(tg, ps, dev, mapRel)
			fmt.Printf("ablate move template %3d: dev UAS %+.2f LAS %+.2f\n", k, 100*(u-u0), 100*(l-l0))
		}
		for k := range nl {
			ps.Ablate(-1, k)
			u, l, _ := engine.EvalParser(tg, ps, dev, mapRel)
			fmt.Printf("ablate relation template %3d: dev UAS %+.2f LAS %+.2f\n", k, 100*(u-u0), 100*(l-l0))
		}
		ps.Ablate(-1, -1)
	}
	writeModel(&engine.Model{Tagger: tg, Lemmatizer: lm, Parser: ps}, *out, dev, test, mapRel)
}

func readModel(path string) *engine.Model {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m, err := engine.Read(f)
	if err != nil {
		log.Fatal(err)
	}
	return m
}

// writeModel writes dir/model.bin.gz and measures the written file again,
// so the numbers printed last are the committed model's (weights are
// quantised on the way).
func writeModel(m *engine.Model, dir string, dev, test []conllu.Sentence, mapRel func(string) string) {
	if dir == "" {
		return
	}
	path := filepath.Join(dir, "model.bin.gz")
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Write(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(path)
	fmt.Printf("wrote %s (%d bytes)\n", path, st.Size())
	m2 := readModel(path)
	for _, sp := range []struct {
		name  string
		sents []conllu.Sentence
	}{{"dev", dev}, {"test", test}} {
		s := engine.EvalTagger(m2.Tagger, m2.Lemmatizer, sp.sents)
		u, l, lb := engine.EvalParser(m2.Tagger, m2.Parser, sp.sents, mapRel)
		fmt.Printf("saved model %-4s UPOS %.2f%% XPOS %.2f%% lemma %.2f%% UAS %.2f%% LAS %.2f%% (base labels %.2f%%)\n",
			sp.name, 100*s.UPOS, 100*s.XPOS, 100*s.Lemma, 100*u, 100*l, 100*lb)
	}
}

// probes are news sentences (pre-tokenised) whose tags the trainer prints,
// a quick look at how the web-text models fare on news.
var probes = []string{
	"Beijing urged Washington to stop arming Taiwan .",
	"He told reporters the sanctions would hurt ordinary people .",
	"Pyongyang fired missiles toward Tokyo on Sunday , officials said .",
	"Kyiv warned that Moscow was massing troops near Kharkiv .",
	"Officials warned residents that the river could burst its banks .",
	"The agency warned investors that prices could fall sharply .",
	"Police warned drivers to avoid the area .",
}

// jackknife tags each fold of the training set with a tagger trained on
// the other folds, so the parser learns from tags as noisy as the ones it
// will get.
func jackknife(train []conllu.Sentence, folds int, opt engine.TaggerOptions, mapRel func(string) string) []engine.TrainingSentence {
	ptrain := make([]engine.TrainingSentence, len(train))
	for k := 0; k < folds; k++ {
		var rest []conllu.Sentence
		for i, s := range train {
			if i%folds != k {
				rest = append(rest, s)
			}
		}
		opt.Seed = uint64(100 + k)
		ft := engine.TrainTagger(rest, opt)
		for i := k; i < len(train); i += folds {
			s := train[i]
			ts := engine.TrainingSentence{}
			for _, w := range s.Words {
				ts.Words = append(ts.Words, w.Form)
				ts.Heads = append(ts.Heads, w.Head)
				ts.Rels = append(ts.Rels, mapRel(w.Rel))
			}
			cls := make([]int, len(ts.Words))
			ft.Tag(ts.Words, cls)
			for _, c := range cls {
				ts.XPOS = append(ts.XPOS, ft.XPOS(c))
				ts.UPOS = append(ts.UPOS, ft.UPOS(c))
			}
			ptrain[i] = ts
		}
	}
	return ptrain
}

func readJackknife(path string) ([]engine.TrainingSentence, bool) {
	if path == "" {
		return nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	var ts []engine.TrainingSentence
	if err := gob.NewDecoder(f).Decode(&ts); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	return ts, true
}

func writeJackknife(path string, ts []engine.TrainingSentence) {
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := gob.NewEncoder(f).Encode(ts); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func vocabOf(tg *engine.Tagger, use bool) map[string]int {
	if !use {
		return nil
	}
	return tg.Lex
}
