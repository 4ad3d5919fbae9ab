package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestNoMentionsSerialisesAsEmptyParse(t *testing.T) {
	raw, err := json.Marshal(noMentions())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	parse, ok := got["parse"].([]any)
	if !ok || len(parse) != 0 {
		t.Fatalf("allowed_mentions = %s, want parse: []", raw)
	}
	if _, ok := got["users"]; ok {
		t.Fatalf("allowed_mentions = %s allows users", raw)
	}
	if got["replied_user"] == true {
		t.Fatalf("allowed_mentions = %s pings the replied user", raw)
	}
}

func TestCommandDefinitions(t *testing.T) {
	cmds := commands()
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		byName[c.Name] = c
		if c.Type != discordgo.MessageApplicationCommand && (len(c.Description) == 0 || len(c.Description) > 100) {
			t.Errorf("/%s: description length %d out of 1..100", c.Name, len(c.Description))
		}
	}
	for _, name := range []string{cmdBrief, cmdHistory, cmdWho, cmdFeed, cmdDigest, cmdHelp, cmdBriefThis} {
		if byName[name] == nil {
			t.Fatalf("command %q not defined", name)
		}
	}
	for _, name := range []string{cmdFeed, cmdDigest} {
		p := byName[name].DefaultMemberPermissions
		if p == nil || *p != discordgo.PermissionManageGuild {
			t.Errorf("/%s default_member_permissions = %v, want Manage Server", name, p)
		}
	}
	for _, name := range []string{cmdBrief, cmdHistory, cmdWho, cmdHelp, cmdBriefThis} {
		c := byName[name]
		if c.DefaultMemberPermissions != nil {
			t.Errorf("/%s is restricted to some members", name)
		}
		if c.Contexts == nil || !containsContext(*c.Contexts, discordgo.InteractionContextBotDM) {
			t.Errorf("/%s cannot be used in the bot's DMs", name)
		}
	}
	// Lookups and briefings install for users too; management is for servers.
	for name, c := range byName {
		want := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
		if name == cmdFeed || name == cmdDigest {
			want = want[:1]
		}
		if c.IntegrationTypes == nil || fmt.Sprint(*c.IntegrationTypes) != fmt.Sprint(want) {
			t.Errorf("/%s integration_types = %v, want %v", name, c.IntegrationTypes, want)
		}
	}
	if byName[cmdBriefThis].Type != discordgo.MessageApplicationCommand {
		t.Error("Brief this is not a message context-menu command")
	}
	// Autocomplete on the actor options.
	for _, o := range append(byName[cmdHistory].Options, byName[cmdWho].Options...) {
		if (o.Name == optSpeaker || o.Name == optAddressee || o.Name == optName || o.Name == optWith) != o.Autocomplete {
			t.Errorf("option %s autocomplete = %v", o.Name, o.Autocomplete)
		}
	}
	raw, _ := json.Marshal(byName[cmdFeed])
	if !strings.Contains(string(raw), `"default_member_permissions":"32"`) {
		t.Errorf("/feed permissions not serialised as the string \"32\": %s", raw)
	}
}

func containsContext(cs []discordgo.InteractionContextType, c discordgo.InteractionContextType) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
