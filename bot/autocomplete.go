package bot

import (
	"context"
	_ "embed"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/actors"
)

// timeZones are the IANA zones /digest set offers, UTC first.
//
//go:embed timezones.txt
var timeZonesFile string

var timeZones = func() []string {
	zones := []string{"UTC"}
	for _, line := range strings.Split(timeZonesFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			zones = append(zones, line)
		}
	}
	return zones
}()

// onAutocomplete suggests, for the option being typed: actors from
// history, the channel's feeds (/feed remove) or time zones (/digest set).
func (b *Bot) onAutocomplete(in *discordgo.Interaction) {
	data := in.ApplicationCommandData()
	focused := focusedOption(data.Options)
	var choices []*discordgo.ApplicationCommandOptionChoice
	if focused != nil {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second) // Discord drops late suggestions
		defer cancel()
		typed, _ := focused.Value.(string)
		typed = strings.TrimSpace(typed)
		switch {
		case focused.Name == optSpeaker || focused.Name == optAddressee || focused.Name == optName || focused.Name == optWith:
			found, err := b.store.Actors(ctx, typed, autocompleteN)
			if err != nil {
				b.logErr("autocomplete failed", err)
			}
			choices = actorChoices(found)
		case data.Name == cmdFeed && focused.Name == optURL && b.feeds != nil && in.GuildID != "":
			subs, err := b.feeds.List(ctx, in.ChannelID)
			if err != nil {
				b.logErr("autocomplete of feeds failed", err)
			}
			choices = feedChoices(subs, typed)
		case focused.Name == optTimeZone:
			choices = zoneChoices(typed)
		}
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	err := b.respond(in, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		b.logErr("answering autocomplete", err)
	}
}

// actorChoices turns actors into at most 25 distinct choices of ≤ 100
// characters, leaving out names a person would not look up.
func actorChoices(found []briefing.Actor) []*discordgo.ApplicationCommandOptionChoice {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	for _, a := range found {
		if a.Name == "" || seen[a.Name] || len(choices) == autocompleteN || !actors.IsNameable(a.Name) {
			continue
		}
		seen[a.Name] = true
		label := a.Name
		if a.Affiliation != "" && a.Affiliation != a.Name {
			label += " (" + a.Affiliation + ")"
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{
			Name: truncateRunes(label, 100), Value: truncateRunes(a.Name, 100),
		})
	}
	return choices
}

// feedRef is the prefix of a choice value that names a feed by its id,
// for addresses longer than a choice value may be (100 characters).
const feedRef = "feed:"

// feedChoices offers the channel's feeds whose title or address contains typed.
func feedChoices(subs []briefing.Subscription, typed string) []*discordgo.ApplicationCommandOptionChoice {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	typed = strings.ToLower(typed)
	for _, s := range subs {
		f := s.Feed
		if len(choices) == autocompleteN {
			break
		}
		if typed != "" && !strings.Contains(strings.ToLower(f.Title+" "+f.URL), typed) {
			continue
		}
		value := f.URL
		if len([]rune(value)) > 100 {
			value = feedRef + strconv.FormatInt(f.ID, 10)
		}
		name := f.URL
		if t := strings.TrimSpace(f.Title); t != "" && t != f.URL {
			name = t + " — " + f.URL
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncateRunes(name, 100), Value: value})
	}
	return choices
}

// zoneChoices offers the time zones whose name contains what was typed
// (spaces as underscores: "new york" finds America/New_York), those
// starting with it first.
func zoneChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	t := strings.ToLower(strings.ReplaceAll(typed, " ", "_"))
	var first, rest []string
	for _, z := range timeZones {
		lz := strings.ToLower(z)
		_, city, _ := strings.Cut(lz, "/")
		switch {
		case t == "" || strings.HasPrefix(lz, t) || strings.HasPrefix(city, t):
			first = append(first, z)
		case strings.Contains(lz, t):
			rest = append(rest, z)
		}
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, z := range append(first, rest...) {
		if len(choices) == autocompleteN {
			break
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: z, Value: z})
	}
	return choices
}
