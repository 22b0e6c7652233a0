-- To-do types tell the model what follow-ups to look for in an organization's calls, and what
-- Loquent does itself once one is approved. To-dos are what it found, reviewed by staff.
CREATE TABLE todo_type (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    name            text NOT NULL,
    -- When the model should create one: it reads this.
    description     text NOT NULL,
    action          text NOT NULL DEFAULT 'none'
                    CHECK (action IN ('none', 'send_email_to_caller', 'send_email')),
    -- The fixed address `send_email` sends to, and only that action has one.
    action_email    text CHECK ((action = 'send_email') = (action_email IS NOT NULL)),
    auto_approve    boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);

-- The model answers with a type's name: two types of one name couldn't be told apart.
CREATE UNIQUE INDEX todo_type_name_idx ON todo_type (organization_id, lower(name));

CREATE TABLE todo (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    todo_type_id    uuid,
    call_id         uuid,
    contact_id      uuid,
    title           text NOT NULL,
    description     text NOT NULL DEFAULT '',
    due_hint        text,
    -- The message `send_email_to_caller` sends, drafted by the model, edited by staff.
    email_subject   text,
    email_body      text,
    status          text NOT NULL DEFAULT 'pending_review'
                    CHECK (status IN ('pending_review', 'approved', 'in_progress', 'completed',
                                      'failed', 'rejected', 'done')),
    failure_reason  text,
    assignee_id     uuid REFERENCES member (id) ON DELETE SET NULL,
    -- The extraction pass that found it and its place in the model's answer
    -- (`<run_key>:<n>`): a retried extraction finds its to-dos already stored.
    source_key      text,
    -- How many times it was approved: each approval runs the action once (the job's key).
    approvals       integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (call_id, source_key),
    FOREIGN KEY (organization_id, todo_type_id) REFERENCES todo_type (organization_id, id)
        ON DELETE SET NULL (todo_type_id),
    FOREIGN KEY (organization_id, call_id) REFERENCES call (organization_id, id)
        ON DELETE SET NULL (call_id),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contact (organization_id, id)
        ON DELETE SET NULL (contact_id)
);

-- The Todos page: newest first, all or one status at a time, paged by (created_at, id).
CREATE INDEX todo_newest_idx ON todo (organization_id, created_at DESC, id DESC);
CREATE INDEX todo_status_newest_idx ON todo (organization_id, status, created_at DESC, id DESC);
CREATE INDEX todo_call_id_idx ON todo (call_id);
CREATE INDEX todo_contact_id_idx ON todo (contact_id);
CREATE INDEX todo_todo_type_id_idx ON todo (todo_type_id);
CREATE INDEX todo_assignee_id_idx ON todo (assignee_id);

-- Organizations made before to-dos get the defaults new ones get (todo::types::DEFAULTS).
INSERT INTO todo_type (organization_id, name, description, action)
SELECT o.id, d.name, d.description, d.action
  FROM organization o
 CROSS JOIN (VALUES
    ('Call back',
     'The caller asked to be called back, or someone promised to call them back.',
     'none'),
    ('Book appointment',
     'The caller wants to book, move or cancel an appointment that was not settled during the call.',
     'none'),
    ('Send information',
     'The caller asked for information (prices, directions, forms, a quote) to be sent to them by email.',
     'send_email_to_caller')
 ) AS d (name, description, action);
