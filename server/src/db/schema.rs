// The diesel schema, kept by hand in step with `migrations/` (the end-to-end tests run every
// query against the migrated database, so a mismatch fails them).

diesel::table! {
    organization (id) {
        id -> Uuid,
        name -> Text,
        created_at -> Timestamptz,
        timezone -> Text,
        demo_data_seeded_at -> Nullable<Timestamptz>,
        demo_data_cleared_at -> Nullable<Timestamptz>,
        description -> Text,
        address -> Text,
        website -> Text,
        hours -> Jsonb,
    }
}

diesel::table! {
    person (id) {
        id -> Uuid,
        name -> Text,
        email -> Text,
        password_hash -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    member (id) {
        id -> Uuid,
        organization_id -> Uuid,
        role -> Text,
        created_at -> Timestamptz,
        person_id -> Uuid,
        last_active_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    invitation (id) {
        id -> Uuid,
        organization_id -> Uuid,
        email -> Text,
        role -> Text,
        secret_hash -> Bytea,
        invited_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        sent_at -> Timestamptz,
        send_count -> Int4,
        expires_at -> Timestamptz,
        accepted_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    membership_event (id) {
        id -> Uuid,
        organization_id -> Uuid,
        at -> Timestamptz,
        actor_member_id -> Nullable<Uuid>,
        actor_name -> Text,
        action -> Text,
        subject_name -> Nullable<Text>,
        subject_email -> Text,
        role_before -> Nullable<Text>,
        role_after -> Nullable<Text>,
    }
}

diesel::table! {
    account_token (id) {
        id -> Uuid,
        person_id -> Uuid,
        purpose -> Text,
        secret_hash -> Bytea,
        new_email -> Nullable<Text>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    session (id) {
        id -> Uuid,
        member_id -> Uuid,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        user_agent -> Nullable<Text>,
        ip_address -> Nullable<Text>,
        person_id -> Uuid,
    }
}

diesel::table! {
    api_key (id) {
        id -> Uuid,
        organization_id -> Uuid,
        created_by -> Uuid,
        name -> Text,
        prefix -> Text,
        key_hash -> Bytea,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        expires_at -> Nullable<Timestamptz>,
        scope -> Text,
    }
}

diesel::table! {
    rate_limit_window (bucket, window_start) {
        bucket -> Text,
        window_start -> Timestamptz,
        hits -> Int4,
    }
}

diesel::joinable!(member -> organization (organization_id));
diesel::joinable!(member -> person (person_id));
diesel::joinable!(session -> member (member_id));
diesel::joinable!(session -> person (person_id));
diesel::joinable!(invitation -> organization (organization_id));
diesel::joinable!(invitation -> member (invited_by));
diesel::joinable!(membership_event -> organization (organization_id));
diesel::joinable!(account_token -> person (person_id));
diesel::joinable!(api_key -> organization (organization_id));
diesel::joinable!(api_key -> member (created_by));

diesel::table! {
    agent (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        instructions -> Text,
        realtime_config -> Jsonb,
        tools -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    phone_number (id) {
        id -> Uuid,
        organization_id -> Uuid,
        number -> Text,
        twilio_sid -> Text,
        friendly_name -> Text,
        agent_id -> Nullable<Uuid>,
        previous_voice_url -> Nullable<Text>,
        created_at -> Timestamptz,
        routes_to_loquent -> Bool,
    }
}

diesel::table! {
    analyzer (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        prompt -> Text,
        is_default -> Bool,
        is_active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    phone_number_analyzer (phone_number_id, analyzer_id) {
        organization_id -> Uuid,
        phone_number_id -> Uuid,
        analyzer_id -> Uuid,
    }
}

diesel::table! {
    organization_twilio_settings (organization_id) {
        organization_id -> Uuid,
        account_sid -> Text,
        auth_token -> Bytea,
        is_byo -> Bool,
        event_sink_sid -> Nullable<Text>,
        event_subscription_sid -> Nullable<Text>,
        sms_events_active -> Bool,
        connected_at -> Timestamptz,
        twiml_app_sid -> Nullable<Text>,
        api_key_sid -> Nullable<Text>,
        api_key_secret -> Nullable<Bytea>,
    }
}

diesel::joinable!(phone_number -> agent (agent_id));
diesel::joinable!(phone_number_analyzer -> analyzer (analyzer_id));
diesel::joinable!(phone_number_analyzer -> phone_number (phone_number_id));

diesel::table! {
    contact (id) {
        id -> Uuid,
        organization_id -> Uuid,
        first_name -> Text,
        last_name -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    contact_phone (id) {
        id -> Uuid,
        organization_id -> Uuid,
        contact_id -> Uuid,
        number -> Text,
        label -> Text,
        is_preferred -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    contact_email (id) {
        id -> Uuid,
        organization_id -> Uuid,
        contact_id -> Uuid,
        email -> Text,
        label -> Text,
        is_preferred -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    call (id) {
        id -> Uuid,
        organization_id -> Uuid,
        phone_number_id -> Nullable<Uuid>,
        contact_id -> Nullable<Uuid>,
        call_sid -> Text,
        direction -> Text,
        status -> Text,
        duration_secs -> Nullable<Int4>,
        recording_sid -> Nullable<Text>,
        recording_url -> Nullable<Text>,
        recording_key -> Nullable<Text>,
        transcription -> Nullable<Text>,
        created_at -> Timestamptz,
        ended_at -> Nullable<Timestamptz>,
        from_number -> Text,
        to_number -> Text,
        transcript_turns -> Nullable<Jsonb>,
    }
}

diesel::table! {
    call_analysis_run (id) {
        id -> Uuid,
        organization_id -> Uuid,
        call_id -> Uuid,
        analyzer_id -> Uuid,
        run_key -> Text,
        analysis_text -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    job (id) {
        id -> Uuid,
        kind -> Text,
        payload -> Jsonb,
        dedupe_key -> Nullable<Text>,
        status -> Text,
        attempts -> Int4,
        max_attempts -> Int4,
        run_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    mail_message (id) {
        id -> Uuid,
        organization_id -> Nullable<Uuid>,
        kind -> Text,
        from_address -> Text,
        to_address -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        status -> Text,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    todo_type (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        description -> Text,
        action -> Text,
        action_email -> Nullable<Text>,
        auto_approve -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    todo (id) {
        id -> Uuid,
        organization_id -> Uuid,
        todo_type_id -> Nullable<Uuid>,
        call_id -> Nullable<Uuid>,
        contact_id -> Nullable<Uuid>,
        title -> Text,
        description -> Text,
        due_hint -> Nullable<Text>,
        email_subject -> Nullable<Text>,
        email_body -> Nullable<Text>,
        status -> Text,
        failure_reason -> Nullable<Text>,
        assignee_id -> Nullable<Uuid>,
        source_key -> Nullable<Text>,
        approvals -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    report_settings (organization_id) {
        organization_id -> Uuid,
        member_ids -> Array<Uuid>,
        emails -> Array<Text>,
        call_reports -> Bool,
        daily_digest -> Bool,
        digest_hour -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    report_sent (organization_id, kind, key) {
        organization_id -> Uuid,
        kind -> Text,
        key -> Text,
        recipients -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(mail_message -> organization (organization_id));
diesel::joinable!(contact_phone -> contact (contact_id));
diesel::joinable!(contact_email -> contact (contact_id));
diesel::joinable!(call -> contact (contact_id));
diesel::joinable!(call -> phone_number (phone_number_id));
diesel::joinable!(call_analysis_run -> call (call_id));
diesel::joinable!(call_analysis_run -> analyzer (analyzer_id));
diesel::joinable!(todo -> todo_type (todo_type_id));
diesel::joinable!(todo -> call (call_id));
diesel::joinable!(todo -> contact (contact_id));
diesel::joinable!(todo -> member (assignee_id));
diesel::joinable!(report_settings -> organization (organization_id));
diesel::joinable!(report_sent -> organization (organization_id));

diesel::allow_tables_to_appear_in_same_query!(
    organization,
    person,
    member,
    invitation,
    membership_event,
    account_token,
    session,
    api_key,
    rate_limit_window,
    agent,
    phone_number,
    analyzer,
    phone_number_analyzer,
    organization_twilio_settings,
    contact,
    contact_phone,
    contact_email,
    call,
    call_analysis_run,
    job,
    mail_message,
    todo_type,
    todo,
    report_settings,
    report_sent,
);
