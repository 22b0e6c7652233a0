-- An API key may expire, after which it authenticates as nothing (401), and may be read-only:
-- it then acts with a viewer's permissions whatever its creator's role. Existing keys keep
-- working as before: no expiry, full scope.
ALTER TABLE api_key
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'read_only'));
