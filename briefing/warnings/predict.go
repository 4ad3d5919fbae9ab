package warnings

import (
	"encoding/json"

	"redline/briefing"
)

// Prediction is one article's line of `redline extract --format jsonl`:
// the "Prediction format" of the evaluation set.
type Prediction struct {
	ID       string           `json:"id"`
	Warnings []PredictionItem `json:"warnings"`
}

// PredictionItem is one warning in the evaluation's format. Absent
// addressee, affiliation, condition and consequence are null.
type PredictionItem struct {
	Speaker            string   `json:"speaker"`
	SpeakerAffiliation *string  `json:"speaker_affiliation"`
	Addressee          *string  `json:"addressee"`
	Kind               string   `json:"kind"`
	What               string   `json:"what"`
	Condition          *string  `json:"condition"`
	Consequence        *string  `json:"consequence"`
	Evidence           []string `json:"evidence"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// PredictionJSON renders the warnings of the article id as one JSON line
// (without the trailing newline) in the evaluation's prediction format.
func PredictionJSON(id string, ws []briefing.Warning) ([]byte, error) {
	p := Prediction{ID: id, Warnings: make([]PredictionItem, 0, len(ws))}
	for _, w := range ws {
		kind := string(w.Kind)
		if kind == "" {
			kind = string(briefing.KindWarning)
		}
		ev := w.Evidence
		if ev == nil {
			ev = []string{}
		}
		p.Warnings = append(p.Warnings, PredictionItem{
			Speaker:            w.Speaker.Name,
			SpeakerAffiliation: nullable(w.Speaker.Affiliation),
			Addressee:          nullable(w.Addressee.Name),
			Kind:               kind,
			What:               w.What,
			Condition:          nullable(w.Condition),
			Consequence:        nullable(w.Consequence),
			Evidence:           ev,
		})
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, briefing.WrapError(briefing.EINTERNAL, err, "writing the warnings of %s as JSON failed", id)
	}
	return b, nil
}
