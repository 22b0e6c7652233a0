-- Tenants and the people who sign in to them.
CREATE TABLE organization (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    name            text NOT NULL,
    -- Stored lowercased; one sign-in identity per email across Loquent.
    email           text NOT NULL UNIQUE CHECK (email = lower(email)),
    -- Argon2id PHC string.
    password_hash   text NOT NULL,
    role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX member_organization_id_idx ON member (organization_id);
