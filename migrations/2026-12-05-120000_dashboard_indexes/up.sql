-- The dashboard adds up a window of one organization's calls (call::totals, call::calendar):
-- with the columns those queries read stored in the index, PostgreSQL answers them from the
-- index alone (an index-only scan) instead of visiting a table page for every call.
-- call_newest_idx (created_at DESC, id DESC) stays: it pages the call list.
CREATE INDEX call_window_idx ON call (organization_id, created_at)
    INCLUDE (direction, status, duration_secs, contact_id);

-- The same for the dashboard's to-dos created in a window, counted per status: the index on
-- (organization_id, status, created_at) would read every to-do of the organization.
CREATE INDEX todo_window_idx ON todo (organization_id, created_at) INCLUDE (status);
