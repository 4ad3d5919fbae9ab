package evaluation

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"redline/briefing"
)

// Case is one article of a gold folder with its gold warnings.
type Case struct {
	ID      string // the file name without its endings
	Path    string // the article file
	Article briefing.Article
	Gold    []GoldItem
}

// ReadFunc reads an article file (plain text with the headline on its
// first line, or a saved web page).
type ReadFunc func(path string) (briefing.Article, error)

// Load reads the cases of a gold folder: every ID.txt beside its
// ID.gold.json, or, when files are given, those article files (text or
// HTML), each scored against the gold of its ID in dir. fileID turns a
// path into its ID ("pages/abc.html.gz" → "abc").
func Load(dir string, files []string, read ReadFunc, fileID func(string) string) ([]Case, error) {
	if len(files) == 0 {
		paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil {
			return nil, briefing.WrapError(briefing.EINVALID, err, "gold folder %s cannot be listed", dir)
		}
		if len(paths) == 0 {
			return nil, briefing.Errorf(briefing.ENOTFOUND, "gold folder %s holds no articles (ID.txt beside ID.gold.json)", dir)
		}
		files = paths
	}
	cases := make([]Case, 0, len(files))
	for _, path := range files {
		id := fileID(path)
		gold, err := readGold(filepath.Join(dir, id+".gold.json"))
		if err != nil {
			return nil, err
		}
		a, err := read(path)
		if err != nil {
			return nil, err
		}
		cases = append(cases, Case{ID: id, Path: path, Article: a, Gold: gold})
	}
	slices.SortFunc(cases, func(a, b Case) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(cases); i++ {
		if cases[i].ID == cases[i-1].ID {
			return nil, briefing.Errorf(briefing.EINVALID, "%s and %s are the same article %s: give each once", cases[i-1].Path, cases[i].Path, cases[i].ID)
		}
	}
	return cases, nil
}

func readGold(path string) ([]GoldItem, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, briefing.WrapError(briefing.ENOTFOUND, err, "%s is missing: every article needs its gold file", path)
		}
		return nil, briefing.WrapError(briefing.EINVALID, err, "gold file %s cannot be read", path)
	}
	var g struct {
		Warnings []GoldItem `json:"warnings"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "gold file %s is not valid JSON in the gold format", path)
	}
	for i, w := range g.Warnings {
		if strings.TrimSpace(w.Speaker) == "" || len(w.Evidence) == 0 {
			return nil, briefing.Errorf(briefing.EINVALID, "gold file %s: warning %d needs a speaker and evidence", path, i+1)
		}
	}
	return g.Warnings, nil
}

// Run extracts the warnings of every case and scores them.
func Run(ctx context.Context, x briefing.Extractor, cases []Case) (Report, error) {
	r := Report{Articles: len(cases)}
	for _, c := range cases {
		ws, err := x.Extract(ctx, c.Article)
		if err != nil {
			return Report{}, err
		}
		counts, misses := ScoreArticle(c.ID, Predictions(ws), c.Gold)
		r.Counts = r.Counts.Add(counts)
		r.Misses = append(r.Misses, misses...)
	}
	return r, nil
}
