package bot

import (
	"os"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestCheckPermissionsNamesWhatIsMissing(t *testing.T) {
	in := &discordgo.Interaction{AppPermissions: discordgo.PermissionViewChannel | discordgo.PermissionEmbedLinks}
	err := checkPermissions(in, "post the digest", postingPermissions(true))
	if err == nil || !strings.Contains(err.Error(), "lacks the Send Messages, Create Public Threads and Send Messages in Threads permissions") {
		t.Errorf("error = %v", err)
	}
	in.AppPermissions = InvitePermissions
	if err := checkPermissions(in, "post", postingPermissions(true)); err != nil {
		t.Errorf("with the invite's permissions: %v", err)
	}
}

// The README's links are the ones the bot logs at start-up.
func TestReadmeGivesTheInviteAndInstallLinks(t *testing.T) {
	if InvitePermissions != 309237763072 {
		t.Errorf("InvitePermissions = %d; update the README's permission integer with it", InvitePermissions)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not found beside the module")
	}
	for _, link := range []string{InviteURL("APPLICATION_ID"), InstallURL("APPLICATION_ID")} {
		if !strings.Contains(string(readme), link) {
			t.Errorf("README.md lacks %s", link)
		}
	}
}
