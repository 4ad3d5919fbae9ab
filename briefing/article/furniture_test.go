package article

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"redline/briefing/fetch"
)

func TestIsFurniture(t *testing.T) {
	furniture := []string{
		"DON'T MISS",
		"Don’t miss",
		"READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
		"Read more: Alibaba poised to launch record-breaking $13.4bn Hong Kong listing",
		"SEE MORE: Hong Kong protests: 800 students under siege in university",
		"Related: From Big Bang to Present: Snapshots of Our Universe Through Time",
		"[Related: Salesforce Dreamforce Keynote: AI, Integration, Alicia Keys And Protestors]",
		"RELATED:",
		"Related coverage from How to Do Everything: Money:",
		"You may also like...",
		"Most read in world news",
		"Advertisement",
		"Story continues below",
		"Sign up for our Email Newsletters here.",
		"There's plenty more where that came from. Sign up for The Water Coolest today to get the free daily newsletter delivered to your inbox daily.",
		"Subscribe to NJ.com’s newsletters.",
		"Follow us on Twitter @Spacedotcom and on Facebook.",
		"Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
		"Like this story? Share it with a friend!",
		"Share this article",
		"Click here to subscribe to The Paradigm Newsletter",
		"CLICK HERE TO GET THE FOX NEWS APP",
		"Watch: Boris Johnson speaks to reporters in Downing Street",
		"Video: Protesters clash with police in the capital",
		"Vicente Aguiar loads garage door trims into his pickup truck outside a Home Depot in Hialeah, Fla. (AP Photo/Alan Diaz, File)",
		"China has warned they will cease control of Hong Kong (Image: GETTY )",
		"Natalie Naccache | Bloomberg | Getty Images",
		"Sakib Ali/Hindustan Times/Getty Images",
		"Leonhard Foeger / Reuters file",
		"REUTERS/Brendan McDermid",
		"Reuters",
		"Photograph: Jane Doe/Reuters",
		"Photo: Damian Dovarganes, AP",
		"Credit...Doug Mills/The New York Times",
		"Image caption Protesters gathered outside parliament",
		"Image copyright Getty Images",
		"Media playback is unsupported on your device",
		"Image 1 of 23",
		"1 of 6",
		"By Paul Takahashi",
		"By Justine Coleman - 11/18/19 11:04 PM EST",
		"By Tom Krisher, AP Auto Writer",
		"Reporting by Rodrigo Campos; Editing by Nick Zieminski",
		"(Reporting by Will Dunham; Editing by Tom Brown)",
		"Associated Press writers Alan Fram and Zeke Miller contributed to this report.",
		"Published 11:11 PM EST Nov 19, 2019",
		"Updated: Sat 8:31 PM, Feb 17, 2018",
		"PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
		"Nov. 20, 2019, 9:28 AM UTC",
		"Copyright 2019 Hawaii News Now. All rights reserved.",
		"© 2026 The Harbour Herald.",
		"'DANCING WITH THE STARS' CARRIE ANN INABA OPENS UP ABOUT SERIOUS HEALTH CONDITION",
		"This post may contain affiliate and/or referral links. Please see my disclosure page.",
	}
	story := []string{
		"The navy's chief of staff warned on Wednesday that any attempt to blockade the strait would have grave consequences.",
		"By most accounts, the law worked. It slowed the decline of Punjab’s water table.",
		"By Wednesday Russia had withdrawn most of its troops from the border area.",
		"By 2018, when I started digging into this story, only three of his books were in print.",
		"More than 2,500 Afghan civilians have been killed in the fighting so far this year.",
		"Related talks between the two governments broke down on Friday, officials said, after six hours.",
		"Sign up for the Disney+ bundle using the same email as your Hulu account",
		"Download it here so you can apply this to your business:",
		"Published in the journal Nature on Nov. 19, the study found that the ice is thinning.",
		"Posted on social media by the analysts at Digital Foundry, the video shows the game running.",
		"Updated Police Identify Man, Woman Found Dead in Plano Apartment",
		"June 10 -- Coastal Credit Union Music Park at Walnut Creek, Raleigh, NC",
		"29 November 2018 | 20 January 2019",
		"Tue – Sat 4PM (Closed on Sun & Mon)",
		"UP NEXT",
		"HOW TO USE A WATER BATH CANNER",
		"WILL SOMEONE STAND UP FOR THE ESTABLISHMENT?",
		"LOS ANGELES (AP) — To LeBron James, triple-doubles are not a goal.",
		"Video footage shows security forces using firearms, water cannons and tear gas to disperse protests.",
		"Tottenham posted an image of Mourinho holding up a shirt, with the caption: \"Welcome Jose\".",
		"Watching the vote from the gallery, the minister said the country would not back down.",
		"Also, the band will play a hometown show on Sept. 12.",
		"\"If another cable is cut, Norway will close its ports to Russian fishing vessels,\" she said.",
		"$139.00",
		"",
	}
	for _, l := range furniture {
		if !IsFurniture(l) {
			t.Errorf("IsFurniture(%q) = false, want true", l)
		}
	}
	for _, l := range story {
		if IsFurniture(l) {
			t.Errorf("IsFurniture(%q) = true, want false", l)
		}
	}
}

func TestIsFurnitureLongLines(t *testing.T) {
	long := strings.Repeat("The minister said the talks would continue next week in the capital. ", 5)
	if IsFurniture(long) {
		t.Error("a long story paragraph counts as furniture")
	}
	if !IsFurniture(long + "(AP Photo/Jane Doe)") {
		t.Error("a long caption ending with a photo credit is not furniture")
	}
	if IsFurniture("Sign up " + long) {
		t.Error("a long paragraph that opens like a prompt counts as furniture")
	}
}

func TestStripFurnitureDropsPromotedHeadlines(t *testing.T) {
	text := strings.Join([]string{
		"The council warned the operator on Tuesday.",
		"DON'T MISS",
		"Ferry fares to double as fuel costs soar",
		"Storm warning for the coast tonight",
		"Commuters said they had not been consulted.",
		"More:\nThe New Space Race\nSpacewalking into 'her-story'",
		"The council meets next Thursday.",
	}, "\n\n")
	got, removed := stripFurniture(text)
	want := "The council warned the operator on Tuesday.\n\nCommuters said they had not been consulted.\n\nThe council meets next Thursday."
	if got != want || removed != 6 {
		t.Errorf("stripFurniture removed %d lines, left:\n%s\nwant:\n%s", removed, got, want)
	}
}

func TestFromHTMLDropsFurniture(t *testing.T) {
	a, err := FromHTML(readTestdata(t, "furniture.html"), "https://harbour.example/news/blockade")
	if err != nil {
		t.Fatal(err)
	}
	for _, keep := range []string{
		"The navy's chief of staff warned on Wednesday",
		"Admiral Teodor Vasquez told reporters",
		"Insurers said premiums",
		"The neighbouring state's foreign ministry",
		"Shipping analysts said",
	} {
		if !strings.Contains(a.Text, keep) {
			t.Errorf("story paragraph %q is missing:\n%s", keep, a.Text)
		}
	}
	for _, junk := range []string{
		"Warships in the strait", "Reuters", "DON'T MISS", "Ferry fares", "Storm warning",
		"Related stories", "Strait talks collapse", "food prices", "Watch:", "READ MORE",
		"CLICK HERE", "Reporting by", "Sign up", "hidden from readers", "Subscribe today",
		"All rights reserved", "Share on", "By Priya Raman",
	} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("furniture %q reached the text:\n%s", junk, a.Text)
		}
	}
	if a.Byline != "Priya Raman" {
		t.Errorf("byline %q", a.Byline)
	}
}

func TestFurnitureName(t *testing.T) {
	cases := map[string]string{
		"relatedArticles":                       "related",
		"InlineImage-imageEmbedCaption":         "caption",
		"newsCaption":                           "caption",
		"articleByline__bio bio___3q2CD":        "bio",
		"share-bar":                             "share",
		"st-related-posts":                      "related",
		"story-body":                            "",
		"article__content-well":                 "",
		"header":                                "",
		"loader":                                "",
		"address":                               "",
		"shared-content":                        "",
		strings.Repeat("x", 40) + " newsletter": "newsletter",
	}
	for v, want := range cases {
		if got := furnitureName(v); got != want {
			t.Errorf("furnitureName(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestPruneFurnitureKeepsTheStory(t *testing.T) {
	// A site that puts a furniture word on the story's own container.
	story := strings.Repeat("<p>"+strings.Repeat("The minister said the talks would go on. ", 6)+"</p>", 3)
	doc := parse(t, `<html><body><div class="page-ad-margins share-tools">`+story+
		`<div class="related"><a href="/x">Other story</a></div></div><p style="display: none">gone</p></body></html>`)
	pruneFurniture(doc)
	text := renderText(doc)
	if !strings.Contains(text, "The minister said") {
		t.Errorf("the story's container was pruned:\n%s", text)
	}
	if strings.Contains(text, "Other story") || strings.Contains(text, "gone") {
		t.Errorf("furniture kept:\n%s", text)
	}
}

// TestBenchmarkFurniture measures the furniture removal on the benchmark
// pages against the ground truth: lines that Readability reads from the
// whole page (before any furniture is removed) but that are not in the
// true text are furniture; FromHTML must drop most of them and lose no
// line of the true text beyond the few that the ground truth keeps
// although they are furniture by IsFurniture's definition (photo credits,
// copyright lines, follow prompts).
func TestBenchmarkFurniture(t *testing.T) {
	pages := benchmarkPages(t)
	if raceEnabled {
		pages = pages[:len(pages)/4]
	}
	var furniture, removed, trueLines, lost, lostFurniture int
	for _, pg := range pages {
		data, err := readFileData(pg.Path)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := fetch.DecodeText(data, "text/html")
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse("https://example.com/news/" + pg.ID)
		ra, err := readability.FromDocument(doc, base)
		if err != nil || ra.Node == nil {
			continue
		}
		raw := renderText(ra.Node)
		a, _ := FromHTML(data, base.String())

		truth := " " + normalizedTokens(pg.Body) + " "
		got := " " + normalizedTokens(a.Text) + " "
		for _, l := range strings.Split(strings.ReplaceAll(raw, "\n\n", "\n"), "\n") {
			n := normalizedTokens(l)
			if n == "" || strings.Contains(truth, " "+n+" ") {
				continue
			}
			furniture++
			if !strings.Contains(got, " "+n+" ") {
				removed++
			}
		}
		rawTokens := " " + normalizedTokens(raw) + " "
		for _, l := range strings.Split(pg.Body, "\n") {
			n := normalizedTokens(l)
			if n == "" || !strings.Contains(rawTokens, " "+n+" ") {
				continue
			}
			trueLines++
			if !strings.Contains(got, " "+n+" ") {
				if IsFurniture(l) {
					lostFurniture++
					t.Logf("%s: true line dropped as furniture: %.100s", pg.ID[:8], l)
				} else {
					lost++
					t.Logf("%s: true line lost: %.100s", pg.ID[:8], l)
				}
			}
		}
	}
	t.Logf("%d pages: %d of %d furniture lines removed; of %d true lines, %d dropped as furniture, %d lost otherwise",
		len(pages), removed, furniture, trueLines, lostFurniture, lost)
	if removed < furniture*6/10 {
		t.Errorf("only %d of %d furniture lines removed", removed, furniture)
	}
	if lost > trueLines/200 {
		t.Errorf("%d of %d true lines lost", lost, trueLines)
	}
}

// normalizedTokens is s as lower-case \w+ tokens joined by spaces.
func normalizedTokens(s string) string {
	return strings.Join(scoreTokens(strings.ToLower(s)), " ")
}
