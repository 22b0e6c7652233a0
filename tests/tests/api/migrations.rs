//! Every migration's `down.sql` undoes its `up.sql` exactly, and can be re-applied after; data
//! migrations do what they say to the rows they find.

use std::path::Path;

use diesel::sql_types::Text;
use diesel::{Connection, QueryableByName, RunQueryDsl, sql_query};
use diesel_migrations::MigrationHarness;
use loquent_server::db::migrate::{MIGRATIONS, SyncPgConnection};
use loquent_shared::RealtimeConfig;
use loquent_tests::db::TestDb;

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    snapshot: String,
}

/// Tables, columns, constraints, indexes, types, functions and triggers of the public schema.
const SNAPSHOT: &str = r#"
SELECT coalesce(string_agg(x, E'\n' ORDER BY x), '') AS snapshot FROM (
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
           || ' ' || coalesce(column_default, '') AS x
      FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '__diesel_schema_migrations'
    UNION ALL
    SELECT 'type ' || typname FROM pg_type
     WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'c') AND typrelid = 0
    UNION ALL
    SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
) s
"#;

fn snapshot(conn: &mut SyncPgConnection) -> String {
    let rows: Vec<Snapshot> = sql_query(SNAPSHOT).load(conn).expect("schema snapshot");
    rows.into_iter().map(|r| r.snapshot).collect()
}

/// A migration whose `up.sql` opens with `-- Data only` changes rows, never the schema: its
/// `down.sql` cannot restore the rows, so there the schema must simply stay as it was.
fn is_data_only(name: &str) -> bool {
    let up = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(name).join("up.sql");
    std::fs::read_to_string(&up)
        .unwrap_or_else(|e| panic!("reading {}: {e}", up.display()))
        .starts_with("-- Data only")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_down_undoes_its_up() {
    let db = TestDb::create_empty().await;
    let url = db.url.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = SyncPgConnection::establish(&url).expect("connect");
        let pending = conn.pending_migrations(MIGRATIONS).expect("listing migrations");
        assert!(!pending.is_empty());
        for migration in &pending {
            let name = migration.name().to_string();
            let before = snapshot(&mut conn);
            conn.run_migration(migration.as_ref()).unwrap_or_else(|e| panic!("{name} up: {e}"));
            let after_up = snapshot(&mut conn);
            if is_data_only(&name) {
                assert_eq!(before, after_up, "{name}: a data-only up.sql changed the schema");
            } else {
                assert_ne!(before, after_up, "{name}: up.sql changed nothing");
            }
            conn.revert_last_migration(MIGRATIONS).unwrap_or_else(|e| panic!("{name} down: {e}"));
            assert_eq!(snapshot(&mut conn), before, "{name}: down.sql does not undo up.sql");
            conn.run_migration(migration.as_ref()).unwrap_or_else(|e| panic!("{name} re-up: {e}"));
            assert_eq!(snapshot(&mut conn), after_up, "{name}: re-applying differs");
        }
        assert!(!conn.has_pending_migration(MIGRATIONS).expect("pending"));
    })
    .await
    .expect("migration test thread");
    drop(db);
}

#[derive(QueryableByName)]
struct StoredAgent {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    realtime_config: String,
}

/// Agents as saved before models and voices were checked against their provider.
const MISMATCHED_AGENTS: &str = r#"
WITH org AS (INSERT INTO organization (name) VALUES ('Acme Dental') RETURNING id)
INSERT INTO agent (organization_id, name, realtime_config, tools)
SELECT org.id, a.name, a.config::jsonb, '{"end_call": true, "transfer_call": []}'::jsonb
  FROM org, (VALUES
    ('gemini with openai model and voice', '{"provider": "gemini", "model": "gpt-realtime", "voice": "marin", "speed": 1.2, "noise_reduction": "off", "turn_detection": "server_vad", "eagerness": "high"}'),
    ('gemini with its own', '{"provider": "gemini", "model": "gemini-2.0-flash-live-001", "voice": "Kore", "speed": 1.0, "noise_reduction": "near_field", "turn_detection": "semantic_vad", "eagerness": "low"}'),
    ('gemini with a prefixed model', '{"provider": "gemini", "model": "models/gemini-live-2.5-flash-preview", "voice": "puck", "speed": 1.0, "noise_reduction": "near_field", "turn_detection": "semantic_vad", "eagerness": "auto"}'),
    ('openai with gemini model and voice', '{"provider": "openai", "model": "gemini-2.5-flash-native-audio-preview-09-2025", "voice": "Puck", "speed": 0.9, "noise_reduction": "far_field", "turn_detection": "semantic_vad", "eagerness": "medium"}'),
    ('openai with its own', '{"provider": "openai", "model": "gpt-4o-realtime-preview", "voice": "coral", "speed": 1.0, "noise_reduction": "near_field", "turn_detection": "server_vad", "eagerness": "auto"}')
  ) AS a (name, config)
"#;

#[tokio::test(flavor = "multi_thread")]
async fn agents_holding_another_providers_model_or_voice_take_their_providers_defaults() {
    const MIGRATION: &str = "2026-11-22-120000_agent_realtime_config_matches_provider";
    let db = TestDb::create_empty().await;
    let url = db.url.clone();
    let stored = tokio::task::spawn_blocking(move || {
        let mut conn = SyncPgConnection::establish(&url).expect("connect");
        let pending = conn.pending_migrations(MIGRATIONS).expect("listing migrations");
        let names: Vec<String> = pending.iter().map(|m| m.name().to_string()).collect();
        let at = names.iter().position(|n| n == MIGRATION).unwrap_or_else(|| panic!("{names:?}"));
        for migration in &pending[..at] {
            conn.run_migration(migration.as_ref()).expect("earlier migration");
        }
        sql_query(MISMATCHED_AGENTS).execute(&mut conn).expect("agents as saved before");
        conn.run_migration(pending[at].as_ref()).expect(MIGRATION);
        sql_query("SELECT name, realtime_config::text AS realtime_config FROM agent ORDER BY name COLLATE \"C\"")
            .load::<StoredAgent>(&mut conn)
            .expect("agents")
    })
    .await
    .expect("migration test thread");
    drop(db);

    let configs: Vec<(String, RealtimeConfig)> = stored
        .into_iter()
        .map(|a| (a.name, serde_json::from_str(&a.realtime_config).expect("a RealtimeConfig")))
        .collect();
    let name_model_voice: Vec<(&str, &str, &str)> = configs
        .iter()
        .map(|(name, c)| (name.as_str(), c.model.as_str(), c.voice.as_str()))
        .collect();
    assert_eq!(
        name_model_voice,
        [
            ("gemini with a prefixed model", "models/gemini-live-2.5-flash-preview", "Puck"),
            ("gemini with its own", "gemini-2.0-flash-live-001", "Kore"),
            (
                "gemini with openai model and voice",
                "gemini-2.5-flash-native-audio-preview-09-2025",
                "Puck"
            ),
            ("openai with gemini model and voice", "gpt-realtime", "marin"),
            ("openai with its own", "gpt-4o-realtime-preview", "coral"),
        ]
    );
    for (name, config) in &configs {
        assert_eq!(config.validate(), Ok(()), "{name}");
    }
    // Settings other than the model and voice are left as they were.
    let (_, moved) = &configs[2];
    assert_eq!((moved.speed, moved.eagerness), (1.2, loquent_shared::Eagerness::High));
}
