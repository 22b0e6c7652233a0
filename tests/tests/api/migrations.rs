//! Every migration's `down.sql` undoes its `up.sql` exactly, and can be re-applied after.

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl, sql_query};
use diesel_migrations::MigrationHarness;
use loquent_server::db::migrate::{MIGRATIONS, SyncPgConnection};
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

#[tokio::test(flavor = "multi_thread")]
async fn every_down_undoes_its_up() {
    let db = TestDb::create_empty().await;
    let url = db.url.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = SyncPgConnection::establish(&url).expect("connect");
        let pending = conn.pending_migrations(MIGRATIONS).expect("listing migrations");
        assert!(!pending.is_empty());
        for migration in &pending {
            let name = migration.name().to_string();
            let before = snapshot(&mut conn);
            conn.run_migration(migration.as_ref()).unwrap_or_else(|e| panic!("{name} up: {e}"));
            let after_up = snapshot(&mut conn);
            assert_ne!(before, after_up, "{name}: up.sql changed nothing");
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
