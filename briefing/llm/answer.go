package llm

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// rawItem is one warning as the model gave it, before any check.
type rawItem struct {
	Speaker            string `json:"speaker"`
	SpeakerAffiliation string `json:"speaker_affiliation,omitempty"`
	Addressee          string `json:"addressee,omitempty"`
	Kind               string `json:"kind"`
	What               string `json:"what"`
	Condition          string `json:"condition,omitempty"`
	Consequence        string `json:"consequence,omitempty"`
	Quote              string `json:"quote,omitempty"`
	Sentences          []int  `json:"sentences"`
}

// maxItems caps the items read from one answer.
const maxItems = 100

var (
	thinkBlock = regexp.MustCompile(`(?s)<think>.*?</think>`)
	digits     = regexp.MustCompile(`\d+`)
)

// parseAnswer reads the model's answer: {"warnings": [...]}. It forgives
// what models often add around JSON (a code fence, a reasoning block,
// prose before or after) and reads each item on its own: an item whose
// fields have the wrong types is skipped and counted in bad. An answer
// that holds no such object is an error.
func parseAnswer(text string) (items []rawItem, bad int, err error) {
	text = thinkBlock.ReplaceAllString(text, "")
	start := strings.IndexAny(text, "{[")
	if start < 0 {
		return nil, 0, errors.New("the model's answer holds no JSON")
	}
	var top any
	dec := json.NewDecoder(strings.NewReader(text[start:]))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, 0, errors.New("the model's answer is not valid JSON")
	}
	var list []any
	switch v := top.(type) {
	case []any:
		list = v
	case map[string]any:
		ws, ok := v["warnings"]
		if !ok && len(v) == 1 {
			for _, only := range v {
				ws, ok = only, true
			}
		}
		if !ok {
			return nil, 0, errors.New(`the model's answer has no "warnings"`)
		}
		if ws == nil {
			return nil, 0, nil
		}
		if list, ok = ws.([]any); !ok {
			return nil, 0, errors.New(`the model's "warnings" is not a list`)
		}
	default:
		return nil, 0, errors.New("the model's answer is not a JSON object")
	}
	for i, v := range list {
		if i >= maxItems {
			bad += len(list) - maxItems
			break
		}
		obj, ok := v.(map[string]any)
		if !ok {
			bad++
			continue
		}
		it, ok := readItem(obj)
		if !ok {
			bad++
			continue
		}
		items = append(items, it)
	}
	return items, bad, nil
}

// readItem reads one item: strings may be null or missing; sentence numbers
// may be written as numbers or as strings ("3", "[3]").
func readItem(obj map[string]any) (rawItem, bool) {
	var it rawItem
	ok := true
	str := func(key string) string {
		switch v := obj[key].(type) {
		case nil:
			return ""
		case string:
			return v
		default:
			ok = false
			return ""
		}
	}
	it.Speaker = str("speaker")
	it.SpeakerAffiliation = str("speaker_affiliation")
	it.Addressee = str("addressee")
	it.Kind = str("kind")
	it.What = str("what")
	it.Condition = str("condition")
	it.Consequence = str("consequence")
	it.Quote = str("quote")
	sents, isList := obj["sentences"].([]any)
	if !isList {
		if n, isNum := obj["sentences"].(json.Number); isNum {
			sents = []any{n} // one number, not in a list
		}
	}
	for _, s := range sents {
		n, good := sentenceNumber(s)
		if !good {
			return it, false
		}
		it.Sentences = append(it.Sentences, n)
	}
	return it, ok
}

func sentenceNumber(v any) (int, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		if err != nil || f != math.Trunc(f) || f < -1e9 || f > 1e9 {
			return 0, false
		}
		return int(f), true
	case string:
		m := digits.FindAllString(v, -1)
		if len(m) != 1 {
			return 0, false
		}
		n, err := strconv.Atoi(m[0])
		return n, err == nil
	}
	return 0, false
}

// marshalAnswer writes items as an answer parseAnswer reads: the cache's form.
func marshalAnswer(items []rawItem) ([]byte, error) {
	if items == nil {
		items = []rawItem{}
	}
	return json.Marshal(struct {
		Warnings []rawItem `json:"warnings"`
	}{items})
}
