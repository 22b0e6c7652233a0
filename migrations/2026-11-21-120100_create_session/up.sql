-- Browser sessions. The cookie carries a random token; only its SHA-256 is stored, so a
-- database leak does not hand out live sessions.
CREATE TABLE session (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    member_id   uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    user_agent  text,
    ip_address  text
);

CREATE INDEX session_member_id_idx ON session (member_id);
CREATE INDEX session_expires_at_idx ON session (expires_at);
