//! A database per test: cloned from a template migrated once per migration set
//! (`CREATE DATABASE … TEMPLATE`), dropped when the test ends, even when it panics.

use std::path::Path;

use anyhow::Context;
use diesel::sql_query;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

/// Any constant will do; it serialises template creation across test processes (nextest runs
/// each test in its own process).
const TEMPLATE_LOCK: i64 = 0x004c_6f71_7565_6e74;

/// The server the tests create their databases on: `DATABASE_URL` (the dev script points it at
/// the project-local cluster, or at the one the caller chose).
pub fn admin_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "DATABASE_URL is not set: run the tests through `./dev test`, which starts a database"
        )
    })
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

pub struct TestDb {
    pub name: String,
    pub url: String,
    admin_url: String,
}

impl TestDb {
    /// A fresh, migrated database.
    pub async fn create() -> TestDb {
        let admin_url = admin_url();
        let template = template(&admin_url).await;
        let name = format!("loquent_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = connect(&admin_url).await;
        sql_query(format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("creating test database from {template}: {e}"));
        TestDb { url: with_database(&admin_url, &name), name, admin_url }
    }

    /// An empty database with no migrations applied, for migration tests.
    pub async fn create_empty() -> TestDb {
        let admin_url = admin_url();
        let name = format!("loquent_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = connect(&admin_url).await;
        sql_query(format!(r#"CREATE DATABASE "{name}""#))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("creating empty test database: {e}"));
        TestDb { url: with_database(&admin_url, &name), name, admin_url }
    }

    pub async fn connect(&self) -> AsyncPgConnection {
        connect(&self.url).await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which can't be blocked on: use a thread of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            rt.block_on(async {
                let mut admin = AsyncPgConnection::establish(&admin_url).await?;
                sql_query(format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                    .execute(&mut admin)
                    .await?;
                anyhow::Ok(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: could not drop test database {}", self.name);
        }
    }
}

pub async fn connect(url: &str) -> AsyncPgConnection {
    AsyncPgConnection::establish(url).await.unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
}

/// The template for the current migrations, created on first use.
async fn template(admin_url: &str) -> String {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_try_init(|| create_template(admin_url))
        .await
        .unwrap_or_else(|e| panic!("preparing the template database: {e:#}"))
        .clone()
}

async fn create_template(admin_url: &str) -> anyhow::Result<String> {
    let name = format!("loquent_tpl_{}", migrations_fingerprint()?);
    let mut admin = AsyncPgConnection::establish(admin_url).await?;
    sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})")).execute(&mut admin).await?;
    let result = async {
        let exists: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM pg_database WHERE datname = '{name}')"
        )))
        .get_result(&mut admin)
        .await?;
        if exists == 0 {
            // Build under a temporary name and rename at the end, so a crash mid-way never
            // leaves a half-migrated template behind.
            let building = format!("{name}_building");
            sql_query(format!(r#"DROP DATABASE IF EXISTS "{building}" WITH (FORCE)"#))
                .execute(&mut admin)
                .await?;
            sql_query(format!(r#"CREATE DATABASE "{building}""#)).execute(&mut admin).await?;
            loquent_server::db::migrate::run_pending(&with_database(admin_url, &building))
                .await
                .context("migrating the template")?;
            sql_query(format!(r#"ALTER DATABASE "{building}" RENAME TO "{name}""#))
                .execute(&mut admin)
                .await?;
        }
        anyhow::Ok(())
    }
    .await;
    sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})")).execute(&mut admin).await?;
    result.map(|()| name)
}

/// A short hash of every migration file, so a changed migration gets a new template.
fn migrations_fingerprint() -> anyhow::Result<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        for file in std::fs::read_dir(entry.path())? {
            files.push(file?.path());
        }
    }
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.strip_prefix(&dir)?.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file)?);
    }
    Ok(hex::encode(&hasher.finalize()[..6]))
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(
            with_database("postgres://u@h:5432/db?sslmode=disable", "x"),
            "postgres://u@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:5432", "x"), "postgres://u@h:5432/x");
    }
}
