ALTER TABLE api_key
    DROP COLUMN scope,
    DROP COLUMN expires_at;
