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
	minDays, minLen := 1.0, 1
	noBackfill := 0.0

	return []*discordgo.ApplicationCommand{
		{
			Name: cmdBrief, Description: "Brief a news article: who warned whom about what",
			Contexts: everywhere, IntegrationTypes: guildInstall,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: optURL,
				Description: "Link to the article", Required: true, MinLength: &minLen, MaxLength: 2000,
			}},
		},
		{
			Name: cmdHistory, Description: "Search the warnings seen so far, newest first",
			Contexts: everywhere, IntegrationTypes: guildInstall,
			Options: []*discordgo.ApplicationCommandOption{
				actor(optSpeaker, "Who gave the warning", false),
				actor(optAddressee, "Who was warned", false),
				{Type: discordgo.ApplicationCommandOptionString, Name: optQuery, Description: "Words to search for", MaxLength: 200},
				{Type: discordgo.ApplicationCommandOptionInteger, Name: optDays, Description: "Only the last N days", MinValue: &minDays, MaxValue: 3650},
			},
		},
		{
			Name: cmdWho, Description: "An actor's record: warnings given and received",
			Contexts: everywhere, IntegrationTypes: guildInstall,
			Options: []*discordgo.ApplicationCommandOption{actor(optName, "A person, country or organisation", true)},
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
					}},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Stop following a feed in this channel",
					Options: []*discordgo.ApplicationCommandOption{feedURL},
				},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the feeds this channel follows"},
			},
		},
		{
			Name: cmdDigest, Description: "Manage this channel's daily digest",
			DefaultMemberPermissions: &manageServer, Contexts: guildOnly, IntegrationTypes: guildInstall,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "set", Description: "Post a digest here every day at a time",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: optTime, Description: "Time of day, 24-hour clock (08:00); the bot's default when empty", MaxLength: 5},
						{Type: discordgo.ApplicationCommandOptionString, Name: optTimeZone, Description: "IANA time zone (Europe/Berlin); the bot's default when empty", MaxLength: 64},
					},
				},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "off", Description: "Stop the daily digest here"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "Show this channel's digest time"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "now", Description: "Post the digest now"},
			},
		},
		{
			Name: cmdHelp, Description: "What redline does and how to ask it",
			Contexts: everywhere, IntegrationTypes: guildInstall,
		},
		{
			Name: cmdBriefThis, Type: discordgo.MessageApplicationCommand,
			Contexts: everywhere, IntegrationTypes: guildInstall,
		},
	}
}
