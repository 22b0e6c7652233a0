-- The organization's time zone (IANA name): the days and hours of its reports and dashboard.
-- PostgreSQL's own list (pg_timezone_names) decides which names are valid, so every stored
-- zone can be used with AT TIME ZONE.
ALTER TABLE organization ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
