package bot

import "github.com/bwmarrin/discordgo"

// Command and option names, shared by the registration and the handlers.
const (
	cmdBrief     = "brief"
	cmdHistory   = "history"
	cmdWho       = "who"
	cmdFeed      = "feed"
	cmdDigest    = "digest"
	cmdHelp      = "help"
	cmdBriefThis = "Brief this"

	optURL       = "url"
	optSpeaker   = "speaker"
	optAddressee = "addressee"
	optQuery     = "query"
	optDays      = "days"
	optName      = "name"
	optMode      = "mode"
	optBackfill  = "backfill"
	optTime      = "time"
	optTimeZone  = "timezone"
	optWith      = "with"
	optActors    = "actors"
	optThreats   = "threats_only"
	optKeywords  = "keywords"
	optRole      = "mention_role"
	optThread    = "thread"
)

// manageServer is the permission a member needs for /feed and /digest.
var manageServer int64 = discordgo.PermissionManageGuild

// commands returns every command the bot registers.
func commands() []*discordgo.ApplicationCommand {
	everywhere := &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild,
		discordgo.InteractionContextBotDM,
		discordgo.InteractionContextPrivateChannel,
	}
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	guildInstall := &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	// Lookups and briefings work for a person who installed redline for
	// themselves, in any server or DM, with no server manager involved.
	anyInstall := &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}

	actor := func(name, desc string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc,
			Required: required, Autocomplete: true, MaxLength: 100,
		}
	}
	feedURL := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: optURL,
		Description: "Address of the RSS, Atom or JSON feed", Required: true, MaxLength: 2000,
	}
	followedFeed := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: optURL,
		Description: "One of the feeds this channel follows", Required: true, MaxLength: 2000, Autocomplete: true,
	}
	minDays, minLen := 1.0, 1
	noBackfill := 0.0

	return []*discordgo.ApplicationCommand{
		{
			Name: cmdBrief, Description: "Brief a news article: who warned whom about what",
			Contexts: everywhere, IntegrationTypes: anyInstall,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: optURL,
				Description: "Link to the article", Required: true, MinLength: &minLen, MaxLength: 2000,
			}},
		},
		{
			Name: cmdHistory, Description: "Search the warnings seen so far, newest first",
			Contexts: everywhere, IntegrationTypes: anyInstall,
			Options: []*discordgo.ApplicationCommandOption{
				actor(optSpeaker, "Who gave the warning", false),
				actor(optAddressee, "Who was warned", false),
				{Type: discordgo.ApplicationCommandOptionString, Name: optQuery, Description: "Words to search for", MaxLength: 200},
				{Type: discordgo.ApplicationCommandOptionInteger, Name: optDays, Description: "Only the last N days", MinValue: &minDays, MaxValue: 3650},
			},
		},
		{
			Name: cmdWho, Description: "An actor's record: warnings given and received, with a chart",
			Contexts: everywhere, IntegrationTypes: anyInstall,
			Options: []*discordgo.ApplicationCommandOption{
				actor(optName, "A person, country or organisation", true),
				actor(optWith, "Another one: the warnings between the two, both ways", false),
			},
		},
		{
			Name: cmdFeed, Description: "Manage the feeds this channel follows",
			DefaultMemberPermissions: &manageServer, Contexts: guildOnly, IntegrationTypes: guildInstall,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Follow a feed in this channel",
					Options: []*discordgo.ApplicationCommandOption{feedURL, {
						Type: discordgo.ApplicationCommandOptionString, Name: optMode, Description: "Post each briefing at once, or wait for the daily digest",
						Choices: []*discordgo.ApplicationCommandOptionChoice{
							{Name: "daily digest", Value: "digest"},
							{Name: "instant", Value: "instant"},
						},
					}, {
						Type: discordgo.ApplicationCommandOptionInteger, Name: optBackfill,
						Description: "Also brief this many of the newest items already in the feed (default 0)",
						MinValue:    &noBackfill, MaxValue: 50,
					}, {
						Type: discordgo.ApplicationCommandOptionString, Name: optActors, MaxLength: 300,
						Description: "Only warnings by or to these people, countries or organisations (comma-separated)",
					}, {
						Type: discordgo.ApplicationCommandOptionBoolean, Name: optThreats, Description: "Only threats",
					}, {
						Type: discordgo.ApplicationCommandOptionString, Name: optKeywords, MaxLength: 300,
						Description: "Only warnings whose text has one of these words (comma-separated)",
					}, {
						Type: discordgo.ApplicationCommandOptionRole, Name: optRole,
						Description: "A role to mention when an instant briefing holds a threat (that role only)",
					}, {
						Type: discordgo.ApplicationCommandOptionBoolean, Name: optThread, Description: "Open a thread on each instant briefing",
					}},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Stop following a feed in this channel",
					Options: []*discordgo.ApplicationCommandOption{followedFeed},
				},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the feeds this channel follows, with their state"},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "test", Description: "Preview a feed's newest item as it would be posted (only you see it)",
					Options: []*discordgo.ApplicationCommandOption{feedURL},
				},
			},
		},
		{
			Name: cmdDigest, Description: "Manage this channel's daily digest",
			DefaultMemberPermissions: &manageServer, Contexts: guildOnly, IntegrationTypes: guildInstall,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "set", Description: "Post a digest here every day at a time",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: optTime, Description: "Time of day: 08:00, 8am or 20:30; the bot's default when empty", MaxLength: 12},
						{Type: discordgo.ApplicationCommandOptionString, Name: optTimeZone, Description: "Time zone, such as Europe/Berlin; the bot's default when empty", MaxLength: 64, Autocomplete: true},
					},
				},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "off", Description: "Stop the daily digest here"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "Show this channel's digest time"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "now", Description: "Post the digest now"},
			},
		},
		{
			Name: cmdHelp, Description: "What redline does and how to ask it",
			Contexts: everywhere, IntegrationTypes: anyInstall,
		},
		{
			Name: cmdBriefThis, Type: discordgo.MessageApplicationCommand,
			Contexts: everywhere, IntegrationTypes: anyInstall,
		},
	}
}
