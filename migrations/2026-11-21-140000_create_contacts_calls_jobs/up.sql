-- Contacts, calls with their analysis runs, and the durable job queue behind the post-call
-- pipeline. As before, links between org-scoped rows are composite foreign keys on
-- (organization_id, id), so no row can point into another organization.

CREATE TABLE contact (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    -- Empty for a caller Loquent knows only by number, until enrichment or staff name them.
    first_name      text NOT NULL DEFAULT '',
    last_name       text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);

CREATE INDEX contact_newest_idx ON contact (organization_id, created_at DESC, id DESC);

CREATE TABLE contact_phone (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    contact_id      uuid NOT NULL,
    -- E.164.
    number          text NOT NULL,
    label           text NOT NULL DEFAULT '',
    is_preferred    boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- A number belongs to one contact per organization: the database says so, not only a lookup
    -- (concurrent first calls from one number race to create the contact).
    UNIQUE (organization_id, number),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contact (organization_id, id) ON DELETE CASCADE
);

CREATE INDEX contact_phone_contact_id_idx ON contact_phone (contact_id);
CREATE UNIQUE INDEX contact_phone_one_preferred ON contact_phone (contact_id) WHERE is_preferred;

CREATE TABLE contact_email (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    contact_id      uuid NOT NULL,
    email           text NOT NULL CHECK (email = lower(email)),
    label           text NOT NULL DEFAULT '',
    is_preferred    boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (contact_id, email),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contact (organization_id, id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX contact_email_one_preferred ON contact_email (contact_id) WHERE is_preferred;

CREATE TABLE call (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    phone_number_id  uuid,
    contact_id       uuid,
    -- Twilio's CallSid (CA…): one call, one row, whichever webhook or stream arrives first.
    call_sid         text NOT NULL UNIQUE,
    -- "+1… -> +1…", as staff read it.
    from_to_number   text NOT NULL,
    direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    status           text NOT NULL,
    duration_secs    integer,
    recording_sid    text,
    recording_url    text,
    -- Where the recording is stored (object storage key), once downloaded.
    recording_key    text,
    transcription    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    ended_at         timestamptz,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, phone_number_id) REFERENCES phone_number (organization_id, id)
        ON DELETE SET NULL (phone_number_id),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contact (organization_id, id)
        ON DELETE SET NULL (contact_id)
);

CREATE INDEX call_newest_idx ON call (organization_id, created_at DESC, id DESC);
CREATE INDEX call_phone_number_id_idx ON call (phone_number_id);
CREATE INDEX call_contact_id_idx ON call (contact_id);

-- Analyzer results. Runs are appended, never overwritten; `run_key` names the pass that made
-- them (the recording, or a rerun), so a retried job cannot append the same run twice.
CREATE TABLE call_analysis_run (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    call_id         uuid NOT NULL,
    analyzer_id     uuid NOT NULL,
    run_key         text NOT NULL,
    analysis_text   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (call_id, analyzer_id, run_key),
    FOREIGN KEY (organization_id, call_id) REFERENCES call (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, analyzer_id) REFERENCES analyzer (organization_id, id) ON DELETE CASCADE
);

CREATE INDEX call_analysis_run_call_id_idx ON call_analysis_run (call_id, created_at DESC);

-- Durable work that must outlive the request that asked for it. Workers claim jobs with
-- FOR UPDATE SKIP LOCKED and a lease: a job whose worker died is claimed again once its lease
-- lapses. `dedupe_key` makes enqueueing idempotent (a retried webhook enqueues nothing new).
CREATE TABLE job (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    dedupe_key   text UNIQUE,
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8,
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_ready_idx ON job (run_at) WHERE status = 'queued';
CREATE INDEX job_leased_idx ON job (locked_until) WHERE status = 'running';
