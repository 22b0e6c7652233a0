-- People and their memberships. A person signs in once (one identity per email across
-- Loquent) and may belong to several organizations (an agency, a franchise's locations); each
-- membership is a `member` row with its own role. Member ids keep their meaning: to-do
-- assignees, API keys and report recipients still point at members.
CREATE TABLE person (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text NOT NULL,
    -- Stored lowercased.
    email         text NOT NULL UNIQUE CHECK (email = lower(email)),
    -- Argon2id PHC string.
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Every existing member becomes a person with the same id.
INSERT INTO person (id, name, email, password_hash, created_at)
    SELECT id, name, email, password_hash, created_at FROM member;

ALTER TABLE member ADD COLUMN person_id uuid REFERENCES person (id) ON DELETE CASCADE;
UPDATE member SET person_id = id;
ALTER TABLE member
    ALTER COLUMN person_id SET NOT NULL,
    DROP COLUMN name,
    DROP COLUMN email,
    DROP COLUMN password_hash,
    -- Noted at most once a minute from authenticated requests: the Team page's "last active".
    ADD COLUMN last_active_at timestamptz,
    ADD CONSTRAINT member_organization_person_key UNIQUE (organization_id, person_id);
CREATE INDEX member_person_id_idx ON member (person_id);

-- A session belongs to a person; `member_id` is the membership it works in now (switching
-- organizations moves it). Removing that membership deletes the session: 401 at once.
ALTER TABLE session ADD COLUMN person_id uuid REFERENCES person (id) ON DELETE CASCADE;
UPDATE session SET person_id = member_id;
ALTER TABLE session ALTER COLUMN person_id SET NOT NULL;
CREATE INDEX session_person_id_idx ON session (person_id);

-- Invitations to join an organization. The emailed token is `<id>.<secret>`; only the
-- secret's SHA-256 is stored, compared in constant time. Bound to the invited email.
CREATE TABLE invitation (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    email           text NOT NULL CHECK (email = lower(email)),
    role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    secret_hash     bytea NOT NULL,
    invited_by      uuid REFERENCES member (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Resending issues a new secret and a new week.
    sent_at         timestamptz NOT NULL DEFAULT now(),
    send_count      integer NOT NULL DEFAULT 1,
    expires_at      timestamptz NOT NULL,
    accepted_at     timestamptz,
    revoked_at      timestamptz,
    CHECK (accepted_at IS NULL OR revoked_at IS NULL)
);
-- One open invitation per address and organization.
CREATE UNIQUE INDEX invitation_open_email_key ON invitation (organization_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitation_organization_created_idx ON invitation (organization_id, created_at DESC);

-- Who changed the team, what, and when; names and emails are copied so the trail outlives
-- the people in it.
CREATE TABLE membership_event (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_member_id uuid REFERENCES member (id) ON DELETE SET NULL,
    actor_name      text NOT NULL,
    action          text NOT NULL CHECK (action IN (
                        'invited', 'invitation_resent', 'invitation_revoked', 'joined',
                        'role_changed', 'removed', 'left', 'ownership_transferred')),
    subject_name    text,
    subject_email   text NOT NULL,
    role_before     text,
    role_after      text
);
CREATE INDEX membership_event_organization_at_idx ON membership_event (organization_id, at DESC, id DESC);

-- Single-use links mailed to a person: a password reset (1 hour) or an email change sent to
-- the new address (confirming it). `<id>.<secret>`, the secret stored as its SHA-256.
CREATE TABLE account_token (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id   uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('password_reset', 'email_change')),
    secret_hash bytea NOT NULL,
    new_email   text CHECK (new_email = lower(new_email)),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))
);
CREATE INDEX account_token_person_idx ON account_token (person_id);

-- Account emails (password resets, email changes) belong to a person, not an organization:
-- no organization's outbox shows them.
ALTER TABLE mail_message ALTER COLUMN organization_id DROP NOT NULL;

-- The organization's profile: what its agents are told at the start of each call.
ALTER TABLE organization
    ADD COLUMN description text NOT NULL DEFAULT '',
    ADD COLUMN address text NOT NULL DEFAULT '',
    ADD COLUMN website text NOT NULL DEFAULT '',
    -- [{"day": "monday", "opens": "08:00", "closes": "17:00"}, ...]; several per day allowed.
    ADD COLUMN hours jsonb NOT NULL DEFAULT '[]';
