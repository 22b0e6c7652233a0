ALTER TABLE organization
    DROP COLUMN description, DROP COLUMN address, DROP COLUMN website, DROP COLUMN hours;
DELETE FROM mail_message WHERE organization_id IS NULL;
ALTER TABLE mail_message ALTER COLUMN organization_id SET NOT NULL;
DROP TABLE account_token;
DROP TABLE membership_event;
DROP TABLE invitation;
ALTER TABLE session DROP COLUMN person_id;
ALTER TABLE member
    ADD COLUMN name text,
    ADD COLUMN email text,
    ADD COLUMN password_hash text,
    DROP CONSTRAINT member_organization_person_key,
    DROP COLUMN last_active_at;
-- A person in several organizations keeps only their first membership.
DELETE FROM member m USING member earlier
    WHERE m.person_id = earlier.person_id AND (earlier.created_at, earlier.id) < (m.created_at, m.id);
UPDATE member SET name = p.name, email = p.email, password_hash = p.password_hash
    FROM person p WHERE p.id = member.person_id;
ALTER TABLE member
    ALTER COLUMN name SET NOT NULL,
    ALTER COLUMN email SET NOT NULL,
    ALTER COLUMN password_hash SET NOT NULL,
    ADD CONSTRAINT member_email_key UNIQUE (email),
    ADD CONSTRAINT member_email_check CHECK (email = lower(email)),
    DROP COLUMN person_id;
DROP TABLE person;
