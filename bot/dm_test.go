package bot

import "testing"

func TestParseAsk(t *testing.T) {
	tests := []struct {
		in   string
		want ask
	}{
		{"https://news.example/a/1", ask{kind: askLink, link: "https://news.example/a/1"}},
		{"look at <https://news.example/a/2>, it's bad", ask{kind: askLink, link: "https://news.example/a/2"}},
		{"Russia", ask{kind: askHistory, text: "Russia"}},
		{"  Chang Ho-jin ", ask{kind: askHistory, text: "Chang Ho-jin"}},
		{"who warned Seoul?", ask{kind: askHistory, addressee: "Seoul"}},
		{"Who has threatened the United States", ask{kind: askHistory, addressee: "United States"}},
		{"warnings to North Korea", ask{kind: askHistory, addressee: "North Korea"}},
		{"what did Putin warn about?", ask{kind: askHistory, speaker: "Putin"}},
		{"What has NATO warned", ask{kind: askHistory, speaker: "NATO"}},
		{"who did Kim Jong Un threaten?", ask{kind: askHistory, speaker: "Kim Jong Un"}},
		{"threats from Iran", ask{kind: askHistory, speaker: "Iran"}},
		{"did Russia warn South Korea?", ask{kind: askHistory, speaker: "Russia", addressee: "South Korea"}},
		{"Putin warned Seoul", ask{kind: askHistory, speaker: "Putin", addressee: "Seoul"}},
		{"Russia's warnings", ask{kind: askHistory, speaker: "Russia"}},
		{"hello", ask{kind: askHelp}},
		{"", ask{kind: askHelp}},
		{"ftp://files.example/x", ask{kind: askHelp}},
		{"what is the weather like today in the north of the country, please tell me", ask{kind: askHelp}},
		{"1234 !!", ask{kind: askHelp}},
	}
	for _, tt := range tests {
		if got := parseAsk(tt.in); got != tt.want {
			t.Errorf("parseAsk(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestFirstLinkTrimsPunctuation(t *testing.T) {
	for in, want := range map[string]string{
		"see https://a.example/x.":          "https://a.example/x",
		"(https://a.example/y)":             "https://a.example/y",
		"**https://a.example/z**":           "https://a.example/z",
		"no link here":                      "",
		"http:// broken then https://b.ex/": "https://b.ex/",
	} {
		if got := firstLink(in); got != want {
			t.Errorf("firstLink(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalUsesActorNormalisation(t *testing.T) {
	for in, want := range map[string]string{
		"Seoul":       "South Korea",
		"the Kremlin": "Russia",
		"russia":      "Russia",
		"":            "",
	} {
		if got := canonical(in); got != want {
			t.Errorf("canonical(%q) = %q, want %q", in, got, want)
		}
	}
}
