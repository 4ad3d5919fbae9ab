package article_test

import (
	"fmt"

	"redline/briefing/article"
)

func ExampleFromText() {
	a := article.FromText("Port authority warns shipping firms\n\nShips that skip the new inspection will be\nturned away, the authority said.\n\nThe rule starts in March.", "notes/port.txt")
	fmt.Printf("%s\n---\n%s\n", a.Title, a.Text)
	// Output:
	// Port authority warns shipping firms
	// ---
	// Ships that skip the new inspection will be turned away, the authority said.
	//
	// The rule starts in March.
}

func ExampleFileID() {
	fmt.Println(article.FileID("../shared/article-extraction-benchmark/html/0a1b2c.html.gz"))
	// Output: 0a1b2c
}

func ExampleCleanURL() {
	fmt.Println(article.CleanURL("https://news.example/story?id=7&utm_source=rss&fbclid=x#comments"))
	// Output: https://news.example/story?id=7
}

func ExampleIsFurniture() {
	for _, line := range []string{
		"DON'T MISS",
		"Read more: Fishing rules at the heart of the dispute",
		"Warships in the strait on Tuesday. (AP Photo/Jane Doe)",
		"Sign up for our morning newsletter",
		"The navy warned that any blockade would have grave consequences.",
	} {
		fmt.Println(article.IsFurniture(line), line)
	}
	// Output:
	// true DON'T MISS
	// true Read more: Fishing rules at the heart of the dispute
	// true Warships in the strait on Tuesday. (AP Photo/Jane Doe)
	// true Sign up for our morning newsletter
	// false The navy warned that any blockade would have grave consequences.
}
