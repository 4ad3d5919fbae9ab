package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
)

// permission is one of Discord's permission bits with the name its
// settings screen shows.
type permission struct {
	bit  int64
	name string
}

var (
	permView            = permission{discordgo.PermissionViewChannel, "View Channel"}
	permSend            = permission{discordgo.PermissionSendMessages, "Send Messages"}
	permEmbed           = permission{discordgo.PermissionEmbedLinks, "Embed Links"}
	permAttach          = permission{discordgo.PermissionAttachFiles, "Attach Files"}
	permHistory         = permission{discordgo.PermissionReadMessageHistory, "Read Message History"}
	permCreateThreads   = permission{discordgo.PermissionCreatePublicThreads, "Create Public Threads"}
	permSendInThreads   = permission{discordgo.PermissionSendMessagesInThreads, "Send Messages in Threads"}
	permMentionEveryone = permission{discordgo.PermissionMentionEveryone, "Mention @everyone, @here and All Roles"}
)

// postingPermissions are what redline needs in a channel it posts
// briefings and digests to; with threads, what a thread per briefing needs too.
func postingPermissions(threads bool) []permission {
	ps := []permission{permView, permSend, permEmbed}
	if threads {
		ps = append(ps, permCreateThreads, permSendInThreads)
	}
	return ps
}

// InvitePermissions is the permission integer of the invite link: what
// redline needs in the channels it posts to (threads included), Attach
// Files for charts and Read Message History to confirm an interrupted post.
var InvitePermissions = func() int64 {
	var n int64
	for _, p := range append(postingPermissions(true), permAttach, permHistory) {
		n |= p.bit
	}
	return n
}()

// checkPermissions refuses, naming every missing permission, when the
// interaction's app_permissions (what redline may do in the channel the
// command was used in) lack one of want.
func checkPermissions(in *discordgo.Interaction, what string, want []permission) error {
	var missing []string
	for _, p := range want {
		if in.AppPermissions&p.bit == 0 {
			missing = append(missing, p.name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return briefing.Errorf(briefing.EBLOCKED,
		"redline cannot %s in this channel: it lacks the %s %s here. Give redline's role %s in the channel's settings (Edit Channel → Permissions), then try again.",
		what, joinAnd(missing), pluralWord(len(missing), "permission", "permissions"), pluralWord(len(missing), "it", "them"))
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// InviteURL is the link that adds redline to a server (integration type 0)
// with the bot and applications.commands scopes and InvitePermissions.
func InviteURL(appID string) string {
	return fmt.Sprintf("https://discord.com/oauth2/authorize?client_id=%s&scope=bot+applications.commands&permissions=%d&integration_type=0",
		appID, InvitePermissions)
}

// InstallURL is the link that installs redline for a user (integration
// type 1): its /brief, /history, /who and "Brief this" then work in any
// server and DM, without a server manager adding the bot.
func InstallURL(appID string) string {
	return fmt.Sprintf("https://discord.com/oauth2/authorize?client_id=%s&scope=applications.commands&integration_type=1", appID)
}
