package article

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"redline/briefing"
	"redline/briefing/fetch"
)

// MaxFileSize is the largest file ReadFile reads, after decompression.
const MaxFileSize = 50 << 20

// FileID is a file's name without its directory and its .gz, .html, .htm
// and .txt endings: "pages/abc.html.gz" → "abc".
func FileID(path string) string {
	name := filepath.Base(path)
	for {
		lower := strings.ToLower(name)
		trimmed := false
		for _, ext := range []string{".gz", ".html", ".htm", ".txt"} {
			if strings.HasSuffix(lower, ext) && len(name) > len(ext) {
				name = name[:len(name)-len(ext)]
				trimmed = true
				break
			}
		}
		if !trimmed {
			return name
		}
	}
}

// ReadFile reads an article from a local file: .txt as plain text (first
// line the headline), anything else as HTML unless it does not look like
// HTML; .gz files (or gzip content) are decompressed first. Article.URL
// is the path.
func ReadFile(path string) (briefing.Article, error) {
	return readFile(context.Background(), path)
}

func readFile(ctx context.Context, path string) (briefing.Article, error) {
	data, err := readFileData(path)
	if err != nil {
		return briefing.Article{}, err
	}
	name := strings.ToLower(strings.TrimSuffix(strings.ToLower(filepath.Base(path)), ".gz"))
	if strings.HasSuffix(name, ".txt") || (!strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".htm") && !looksLikeHTML(data)) {
		text, _ := fetch.DecodeText(data, "text/plain")
		a := FromText(string(text), path)
		if err := checkArticle(a, path); err != nil {
			return a, err
		}
		return a, nil
	}
	return fromHTML(ctx, data, path)
}

func readFileData(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, briefing.WrapError(briefing.ENOTFOUND, err, "file %s does not exist", path)
		}
		return nil, briefing.WrapError(briefing.EINVALID, err, "file %s cannot be read", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "file %s cannot be read", path)
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, briefing.WrapError(briefing.EINVALID, err, "file %s is not a valid gzip file", path)
		}
		data, err = io.ReadAll(io.LimitReader(zr, MaxFileSize+1))
		if err != nil {
			return nil, briefing.WrapError(briefing.EINVALID, err, "file %s is a damaged gzip file", path)
		}
	} else if strings.HasSuffix(strings.ToLower(path), ".gz") {
		return nil, briefing.Errorf(briefing.EINVALID, "file %s ends in .gz but is not gzip-compressed", path)
	}
	if len(data) > MaxFileSize {
		return nil, briefing.Errorf(briefing.ETOOLARGE, "file %s is larger than %d MB, which is more than redline reads", path, MaxFileSize>>20)
	}
	return data, nil
}

// looksLikeHTML reports whether the start of data is markup.
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	if len(head) > 1024 {
		head = head[:1024]
	}
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<p>", "<div", "<article", "<!--"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}

// FromText reads an article from plain text: the first non-empty line is
// the headline, the rest the body. Paragraphs are separated by blank
// lines; when the text has none, each line is a paragraph. name becomes
// Article.URL (a path or an address).
func FromText(text, name string) briefing.Article {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.Split(text, "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	a := briefing.Article{URL: name, CanonicalURL: CleanURL(name)}
	if i == len(lines) {
		return a
	}
	a.Title = collapseSpace(lines[i])
	body := lines[i+1:]

	hasBlank := false
	for _, l := range body {
		if strings.TrimSpace(l) == "" {
			hasBlank = true
			break
		}
	}
	var paragraphs []string
	var current []string
	flush := func() {
		if p := collapseSpace(strings.Join(current, " ")); p != "" {
			paragraphs = append(paragraphs, p)
		}
		current = current[:0]
	}
	for _, l := range body {
		if strings.TrimSpace(l) == "" || !hasBlank {
			if hasBlank {
				flush()
				continue
			}
			current = append(current, l)
			flush()
			continue
		}
		current = append(current, l)
	}
	flush()
	a.Text = strings.Join(paragraphs, "\n\n")
	return a
}
