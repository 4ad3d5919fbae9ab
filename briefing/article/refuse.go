package article

import (
	"strings"
	"unicode"

	"redline/briefing"
)

// wallWords is the size under which a page is checked for the wording of a
// paywall, consent wall, login or error page. Longer texts are articles
// that may mention cookies or subscriptions in passing.
const wallWords = 200

// wallPhrases are what non-article pages say instead of an article,
// lower-case, grouped by what the page is.
var wallPhrases = []struct {
	kind    string
	phrases []string
}{
	{"a paywall", []string{
		"subscribe to continue", "subscribe to read", "to continue reading", "already a subscriber",
		"subscribers only", "this article is for subscribers", "become a subscriber",
		"start your free trial", "you have reached your limit", "free articles remaining",
		"create a free account to continue", "unlock this article",
	}},
	{"a cookie consent page", []string{
		"we use cookies", "accept all cookies", "manage cookies", "cookie settings",
		"your privacy choices", "we value your privacy", "by clicking accept", "consent to the use of cookies",
	}},
	{"a login page", []string{
		"sign in to continue", "log in to continue", "please log in", "please sign in",
		"you must be logged in", "forgot your password", "forgot password",
	}},
	{"an error or bot-check page", []string{
		"page not found", "404 not found", "error 404", "could not be found", "cannot be found",
		"no longer available", "access denied", "403 forbidden", "something went wrong",
		"are you a robot", "verify you are human", "unusual traffic", "enable javascript",
		"javascript is disabled", "please enable cookies", "complete the captcha",
		"temporarily unavailable", "checking your browser",
	}},
}

// checkArticle refuses texts that are not an article: too short, or short
// and worded like a wall in front of one.
func checkArticle(a briefing.Article, source string) error {
	words := articleWords(a.Text)
	if words < wallWords {
		if kind := wallKind(a.Text); kind != "" {
			return briefing.Errorf(briefing.ENOTARTICLE,
				"no article text found at %s (it looks like %s)", where(source), kind)
		}
	}
	if words < MinWords {
		unit := "words"
		if words == 1 {
			unit = "word"
		}
		return briefing.Errorf(briefing.ENOTARTICLE,
			"no article text found at %s (only %d %s of text; the page may need JavaScript, a login or a subscription)",
			where(source), words, unit)
	}
	return nil
}

func wallKind(text string) string {
	lower := strings.ToLower(collapseSpace(text))
	for _, group := range wallPhrases {
		for _, p := range group.phrases {
			if strings.Contains(lower, p) {
				return group.kind
			}
		}
	}
	return ""
}

// wordCount counts runs of letters, digits and underscores (the \w+
// tokens the benchmark scores).
func wordCount(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// articleWords estimates words for languages with and without spaces:
// Chinese and Japanese text is one long token per clause, so two
// ideographs or kana count as a word.
func articleWords(s string) int {
	cjk := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) {
			cjk++
		}
	}
	return wordCount(s) + cjk/2
}
