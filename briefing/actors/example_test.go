package actors_test

import (
	"fmt"

	"redline/briefing/actors"
)

func ExampleMentions() {
	s := "A South Korean adviser said Moscow’s pact with Pyongyang worried the U.S. and the UN."
	for _, m := range actors.Mentions(s) {
		fmt.Printf("%d-%d %q %s (%s)\n", m.Start, m.End, m.Text, m.Entity.Name, m.Form)
	}
	// Output:
	// 2-14 "South Korean" South Korea (demonym)
	// 28-34 "Moscow" Russia (capital)
	// 49-58 "Pyongyang" North Korea (capital)
	// 71-75 "U.S." United States (abbreviation)
	// 84-86 "UN" United Nations (abbreviation)
}

func ExampleAffiliationFromTitle() {
	for _, title := range []string{
		"Russian President Vladimir Putin",
		"a Seoul security adviser",
		"the Bank of England governor",
		"ambassador to Russia",
	} {
		e, ok := actors.AffiliationFromTitle(title)
		fmt.Printf("%s → %q %v\n", title, e.Name, ok)
	}
	// Output:
	// Russian President Vladimir Putin → "Russia" true
	// a Seoul security adviser → "South Korea" true
	// the Bank of England governor → "Bank of England" true
	// ambassador to Russia → "" false
}

func ExampleKey() {
	for _, name := range []string{"the Kremlin", "Moscow", "Russian", "Mr Chang Ho-jin", "President Erdoğan"} {
		fmt.Printf("%s → %q\n", name, actors.Key(name))
	}
	// Output:
	// the Kremlin → "russia"
	// Moscow → "russia"
	// Russian → "russia"
	// Mr Chang Ho-jin → "chang ho-jin"
	// President Erdoğan → "erdogan"
}

func ExampleLookup() {
	for _, name := range []string{"Seoul", "DPRK", "the White House", "us", "china"} {
		e, ok := actors.Lookup(name)
		fmt.Printf("%s → %q %v\n", name, e.Name, ok)
	}
	// Output:
	// Seoul → "South Korea" true
	// DPRK → "North Korea" true
	// the White House → "United States" true
	// us → "" false
	// china → "" false
}
