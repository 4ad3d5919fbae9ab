-- 0022: what a channel wants from a feed: a filter (JSON: actors, their
-- keys, threats only, keywords), a role to mention when an instant post
-- holds a threat, and a thread for each instant briefing.

ALTER TABLE subscriptions ADD COLUMN filter TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(filter));
ALTER TABLE subscriptions ADD COLUMN mention_role TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN thread INTEGER NOT NULL DEFAULT 0;
