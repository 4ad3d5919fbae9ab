-- 0030: a scheduled digest's delivery key names its time zone as well as
-- its date ("digest:<channel>:2026-03-10@Europe/Berlin"), so that a channel
-- whose zone changes after the day's digest still gets the new zone's
-- digest of the same date. Keys recorded before carry the channel's
-- current zone, so that no digest already sent is sent again.
UPDATE deliveries
SET key = key || '@' || (SELECT s.time_zone FROM digest_schedules s WHERE s.channel_id = deliveries.channel_id)
WHERE key GLOB 'digest:*' AND key NOT GLOB '*@*'
    AND EXISTS (SELECT 1 FROM digest_schedules s WHERE s.channel_id = deliveries.channel_id);
