-- Organization API keys for third-party integrations. Shown once at creation; only the
-- SHA-256 of the key is stored (keys are 256-bit random, so a fast hash is enough).
CREATE TABLE api_key (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    -- Requests made with the key act as this member, with this member's role.
    created_by      uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    name            text NOT NULL,
    prefix          text NOT NULL,
    key_hash        bytea NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz
);

CREATE INDEX api_key_organization_id_idx ON api_key (organization_id);
CREATE INDEX api_key_created_by_idx ON api_key (created_by);
