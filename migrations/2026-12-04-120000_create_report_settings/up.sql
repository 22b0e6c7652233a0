-- Who hears about the organization's calls, and how: a report after each call, a digest of the
-- day. One row per organization; an organization without one has the defaults (nothing sent).
CREATE TABLE report_settings (
    organization_id uuid PRIMARY KEY REFERENCES organization (id) ON DELETE CASCADE,
    -- Members who receive reports, by id: their email is read when a report is sent, and a
    -- member who left is skipped then.
    member_ids      uuid[] NOT NULL DEFAULT '{}',
    -- Other addresses, lowercased.
    emails          text[] NOT NULL DEFAULT '{}',
    call_reports    boolean NOT NULL DEFAULT false,
    daily_digest    boolean NOT NULL DEFAULT false,
    -- The hour (in the organization's time zone) the digest of the 24 hours before it is sent.
    digest_hour     smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every report sent, written in the same transaction as its messages: a report job that runs
-- again (a crash, a retry, a second recording of the call) finds its report sent and sends
-- nothing. `key` is the call's id for a call report, the local date for a daily digest.
CREATE TABLE report_sent (
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('call_report', 'daily_digest')),
    key             text NOT NULL,
    -- How many messages it was sent as.
    recipients      integer NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, kind, key)
);
