// The diesel schema, kept by hand in step with `migrations/` (the end-to-end tests run every
// query against the migrated database, so a mismatch fails them).

diesel::table! {
    organization (id) {
        id -> Uuid,
        name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    member (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamptz,
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
diesel::joinable!(session -> member (member_id));
diesel::joinable!(api_key -> organization (organization_id));
diesel::joinable!(api_key -> member (created_by));

diesel::allow_tables_to_appear_in_same_query!(
    organization,
    member,
    session,
    api_key,
    rate_limit_window
);
