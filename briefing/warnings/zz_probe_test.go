package warnings

import "testing"

func TestZZProbe(t *testing.T) {
	for _, body := range []string{
		"Gazprom chief Alexei Miller said the company would cut supplies if Ukraine did not sign the new contract.",
		"Gazprom said it would cut supplies to Ukraine unless Kiev paid its debts.",
		"The defence minister said his government would not hesitate to act against the rebels.",
		"Moscow would not hesitate to respond, the Russian foreign minister said.",
		"The government ignored warnings from the Audit Commission that the scheme would collapse.",
		"Dr Anna Berg from the World Health Organisation warned that the virus could spread to Europe.",
	} {
		ws := extract(t, "Headline", body)
		for _, w := range ws {
			t.Logf("%q | sp=%q aff=%q ad=%q kind=%v", body[:30], w.Speaker.Name, w.Speaker.Affiliation, w.Addressee.Name, w.Kind)
		}
		if len(ws) == 0 {
			t.Logf("%q | NONE", body[:30])
		}
	}
}
