-- The outbox: every email Loquent sends for an organization, with what became of it. A row is
-- written with the job that sends it (one transaction), so nothing queued is ever lost.
-- Without an SMTP server configured the job keeps it here (`outbox`) and nothing leaves.
CREATE TABLE mail_message (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    -- What sent it (`test`, later reports and to-do actions): free text.
    kind            text NOT NULL,
    from_address    text NOT NULL,
    to_address      text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    html_body       text NOT NULL,
    status          text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sent', 'failed', 'outbox')),
    -- Delivery attempts through the SMTP server, and why the last one failed, in words.
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The outbox page: an organization's messages, newest first, paged by (created_at, id).
CREATE INDEX mail_message_organization_created_idx
    ON mail_message (organization_id, created_at DESC, id DESC);
