-- Agents, phone numbers, analyzers and each organization's Twilio account.
--
-- Tenancy is enforced by the schema as well as by the queries: every link between two
-- org-scoped rows is a composite foreign key on (organization_id, id), so a phone number can
-- never point at another organization's agent, nor an analyzer at another organization's number.

CREATE TABLE agent (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    name            text NOT NULL,
    instructions    text NOT NULL DEFAULT '',
    -- loquent_shared::RealtimeConfig and AgentTools, as JSON.
    realtime_config jsonb NOT NULL,
    tools           jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);

CREATE TABLE phone_number (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id    uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    -- E.164.
    number             text NOT NULL,
    -- Twilio's IncomingPhoneNumber SID (PN…).
    twilio_sid         text NOT NULL,
    friendly_name      text NOT NULL,
    agent_id           uuid,
    -- The voice URL the number had before Loquent pointed it at itself, for a rollback.
    previous_voice_url text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, number),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, agent_id) REFERENCES agent (organization_id, id)
        ON DELETE SET NULL (agent_id)
);

CREATE INDEX phone_number_agent_id_idx ON phone_number (agent_id);
-- Inbound calls look numbers up by the dialled number across organizations.
CREATE INDEX phone_number_number_idx ON phone_number (number);

CREATE TABLE analyzer (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    name            text NOT NULL,
    prompt          text NOT NULL,
    -- Assigned automatically to every new number.
    is_default      boolean NOT NULL DEFAULT false,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);

CREATE TABLE phone_number_analyzer (
    organization_id uuid NOT NULL,
    phone_number_id uuid NOT NULL,
    analyzer_id     uuid NOT NULL,
    PRIMARY KEY (phone_number_id, analyzer_id),
    FOREIGN KEY (organization_id, phone_number_id) REFERENCES phone_number (organization_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (organization_id, analyzer_id) REFERENCES analyzer (organization_id, id)
        ON DELETE CASCADE
);

CREATE INDEX phone_number_analyzer_analyzer_id_idx ON phone_number_analyzer (analyzer_id);

-- One row per organization: its Twilio account. Secrets are AES-256-GCM ciphertexts (nonce
-- first), bound to the organization, under LOQUENT_SECRET_KEY.
CREATE TABLE organization_twilio_settings (
    organization_id        uuid PRIMARY KEY REFERENCES organization (id) ON DELETE CASCADE,
    account_sid            text NOT NULL,
    auth_token             bytea NOT NULL,
    -- false: a subaccount Loquent created under its own account; true: the organization's own.
    is_byo                 boolean NOT NULL,
    event_sink_sid         text,
    event_subscription_sid text,
    sms_events_active      boolean NOT NULL DEFAULT false,
    connected_at           timestamptz NOT NULL DEFAULT now(),
    twiml_app_sid          text,
    api_key_sid            text,
    api_key_secret         bytea
);
