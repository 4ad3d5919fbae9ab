package warnings

import "testing"

// entityOf returns the entity a word of sentence i refers to.
func (s staged) entityOf(tb testing.TB, i int, word string) *entity {
	tb.Helper()
	t, ok := s.trees[i]
	if !ok {
		tb.Fatalf("sentence %d (%q) was not parsed", i, s.d.sents[i].text)
	}
	m := s.mentions[i].byTok[t.token(tb, word)]
	if m == nil || m.ent == nil {
		tb.Fatalf("%q in %q refers to nothing", word, s.d.sents[i].text)
	}
	return m.ent
}

func TestPronounsAndSurnames(t *testing.T) {
	s := stage(t, "", "Foreign Minister Sergey Lavrov warned Nato on Monday. "+
		"He said the alliance was making a mistake. "+
		"Lavrov also warned that Moscow would respond.")
	lavrov := s.entityOf(t, 0, "Lavrov")
	if lavrov.name != "Sergey Lavrov" || lavrov.kind != kindPerson {
		t.Fatalf("entity %+v", lavrov)
	}
	if s.entityOf(t, 1, "He") != lavrov {
		t.Error("he does not refer to Lavrov")
	}
	if s.entityOf(t, 2, "Lavrov") != lavrov {
		t.Error("the surname does not refer to Lavrov")
	}
	if moscow := s.entityOf(t, 2, "Moscow"); moscow.kind != kindCountry || moscow.country != "russia" {
		t.Errorf("Moscow is %+v", moscow)
	}
}

func TestItForACompanyTakenForAPerson(t *testing.T) {
	s := stage(t, "", "Shares in Virgin Blue fell sharply on Monday. It warned that profits would fall.")
	e := s.entityOf(t, 1, "It")
	if e.name != "Virgin Blue" || e.kind != kindOrg {
		t.Errorf("it refers to %+v", e)
	}
}

func TestDefiniteDescriptionRefersBack(t *testing.T) {
	s := stage(t, "", "The European Commission warned Poland on Friday. The commission said it would act.")
	if a, b := s.entityOf(t, 0, "Commission"), s.entityOf(t, 1, "commission"); a != b {
		t.Errorf("the commission is a new entity %+v, not %+v", b, a)
	}
}

func TestOfficialsTakeTheSideOfTheirGovernment(t *testing.T) {
	s := stage(t, "", "China has warned Taiwan over the referendum. "+
		"Foreign Ministry spokesman Kong Quan said the vote would be a grave mistake.")
	kong, china := s.entityOf(t, 1, "Quan"), s.entityOf(t, 0, "China")
	if !sameSide(kong, china) {
		t.Errorf("Kong Quan (%+v) does not speak for China", kong)
	}
	// a government named as a body speaks for its country too
	s = stage(t, "", "The Chinese government has vowed to retaliate if Japan approves the textbook. "+
		"Foreign Ministry spokesman Kong Quan warned that Japan would pay a price.")
	if kong, japan := s.entityOf(t, 1, "Quan"), s.entityOf(t, 0, "Japan"); sideKey(kong) != "china" || sameSide(kong, japan) {
		t.Errorf("Kong Quan (%+v) does not speak for China", kong)
	}
	// the country that spoke, not the one its warning names as subject
	s = stage(t, "", "China has vowed to retaliate if Japan approves the textbook. "+
		"Foreign Ministry spokesman Kong Quan warned that Japan would pay a price.")
	kong, china, japan := s.entityOf(t, 1, "Quan"), s.entityOf(t, 0, "China"), s.entityOf(t, 0, "Japan")
	if !sameSide(kong, china) || sameSide(kong, japan) {
		t.Errorf("Kong Quan (%+v) does not speak for China", kong)
	}
	s = stage(t, "", "The British Beer and Pub Association said thousands of jobs were at risk. "+
		"Its chief executive, Rob Hayward, warned ministers.")
	if hayward, assoc := s.entityOf(t, 1, "Hayward"), s.entityOf(t, 0, "Association"); !sameSide(hayward, assoc) {
		t.Errorf("Rob Hayward (%+v) does not speak for the association (%+v)", hayward, assoc)
	}
}

func TestOneWordNameJoinsTheFullName(t *testing.T) {
	s := stage(t, "", "Nakagawa warned China on Tuesday. Minister Shoichi Nakagawa said Japan would respond.")
	if a, b := s.entityOf(t, 0, "Nakagawa"), s.entityOf(t, 1, "Nakagawa"); a != b || a.kind != kindPerson || a.name != "Shoichi Nakagawa" {
		t.Errorf("entities %+v and %+v", a, b)
	}
}

func TestDatelineGivesOfficialsTheirCountry(t *testing.T) {
	for text, want := range map[string]string{
		"WASHINGTON — The talks went on.":             "United States",
		"New Delhi, May 8: Talks went on.":            "India",
		"MANILA, Philippines — The talks went on.":    "Philippines",
		"The talks in Washington went on for a week.": "",
	} {
		m, ok := dateline(newDocument("Head", text))
		if got := m.name; ok != (want != "") || ok && got != want {
			t.Errorf("%q: dateline %q (%v), want %q", text, got, ok, want)
		}
	}
	s := stage(t, "", "BEIJING — Talks ended on Friday.\n\nForeign Ministry spokesman Zhao Lijian warned that the sanctions would be a grave mistake.")
	if zhao := s.entityOf(t, 1, "Lijian"); sideKey(zhao) != "china" {
		t.Errorf("Zhao Lijian's side %q, want china", sideKey(zhao))
	}
}

// TestHeIsTheLatestToSpeak: a person who "said" something (in a sentence
// without a cue, which is not parsed) is the latest to speak, so the "he" after
// him is him, not the speaker of the quotation before.
func TestHeIsTheLatestToSpeak(t *testing.T) {
	s := stage(t, "", "\"If we are not paid, we will reduce deliveries,\" Alexander Medvedev told reporters in Moscow. "+
		"Ukraine's energy minister Ivan Plachkov said the figure was wrong. "+
		"He warned that any cut would also hit customers in western Europe.")
	if he := s.entityOf(t, 2, "He"); he.name != "Ivan Plachkov" {
		t.Errorf("he refers to %q, want Ivan Plachkov", he.name)
	}
}

// TestWhatIsReportedIsNoSpeaker: the subject of "shall be reported" is what
// gets reported, not somebody who reports; the subject of "reported" is.
func TestWhatIsReportedIsNoSpeaker(t *testing.T) {
	s := stage(t, "", "Any such armed attack shall be immediately reported to the Security Council. "+
		"Deficit hawks reported that the plan would fail.")
	if m := s.mentions[0].byTok[s.trees[0].token(t, "attack")]; m != nil && m.ent != nil && m.ent.kind.party() {
		t.Errorf("the attack is a party: %+v", m.ent)
	}
	if hawks := s.entityOf(t, 1, "hawks"); !hawks.kind.party() {
		t.Errorf("the hawks who reported are no party: %+v", hawks)
	}
}

// TestAnOfficeOfABodySpeaksForIt: "the leader of Ennahda, Rachid
// Ghannouchi" speaks for Ennahda, which is then no party he warns.
func TestAnOfficeOfABodySpeaksForIt(t *testing.T) {
	s := stage(t, "", "The leader of Ennahda, Rachid Ghannouchi, warned that the attack would not break the country.")
	leader, ennahda := s.entityOf(t, 0, "leader"), s.entityOf(t, 0, "Ennahda")
	if !sameSide(leader, ennahda) {
		t.Errorf("the leader (%+v) does not speak for Ennahda (%+v)", leader, ennahda)
	}
}

// TestSurnameTakenForAPluralIsThePerson: "Guterres", which the tagger
// reads as a plural noun, is the Antonio Guterres named before.
func TestSurnameTakenForAPluralIsThePerson(t *testing.T) {
	s := stage(t, "", "UN Secretary-General Antonio Guterres warned Israel on Thursday. "+
		"\"Israel's initial steps signal a new and dangerous phase,\" Guterres said at the UN headquarters.")
	first := s.entityOf(t, 0, "Antonio")
	k := s.trees[1].token(t, "Guterres")
	if m := s.mentions[1].byTok[k]; m == nil || m.ent != first {
		t.Errorf("Guterres of the second sentence is not Antonio Guterres: %+v", m)
	}
}

// TestSurnameThatIsAlsoACapital: "Hamilton" after "Ian Hamilton" is the
// man, not Bermuda's capital.
func TestSurnameThatIsAlsoACapital(t *testing.T) {
	s := stage(t, "", "Ian Hamilton, an expert in drug use, warned that the findings were worrying. "+
		"Hamilton urged people to be cautious of claims made by suppliers.")
	if first, later := s.entityOf(t, 0, "Hamilton"), s.entityOf(t, 1, "Hamilton"); first != later || later.kind != kindPerson {
		t.Errorf("Hamilton refers to %+v, not to Ian Hamilton", later)
	}
}

// TestSubjectOfAWarnedClauseIsNoParty: in "the firm warned earnings would
// be cut" the earnings are what is warned of, even when the parser makes
// them the object of "warned"; "warned airlines" names somebody.
func TestSubjectOfAWarnedClauseIsNoParty(t *testing.T) {
	s := stage(t, "", "The firm warned earnings would be cut. The regulator warned airlines over delays.")
	if m := s.mentions[0].byTok[s.trees[0].token(t, "earnings")]; m != nil && m.ent != nil && m.ent.kind.party() {
		t.Errorf("the earnings are a party: %+v", m.ent)
	}
	if airlines := s.entityOf(t, 1, "airlines"); !airlines.kind.party() {
		t.Errorf("the airlines warned are no party: %+v", airlines)
	}
}
