//! `TestApp`: the real Loquent server on port 0 with a database of its own.

use std::collections::HashMap;
use std::net::TcpListener;

use diesel_async::AsyncPgConnection;
use loquent_server::Config;
use loquent_server::mods::account::queries::{self as people, NewPerson};
use loquent_server::mods::team::queries::{self as members, NewMember};
use loquent_shared::{Me, Role, SignupRequest};
use reqwest::StatusCode;

use crate::client::{ApiClient, json};
use crate::db::TestDb;
use crate::fakes::twilio::FakeTwilio;

pub struct TestApp {
    pub base_url: String,
    pub port: u16,
    pub db: TestDb,
    pub web_dir: tempfile::TempDir,
    pub recordings_dir: tempfile::TempDir,
    /// The running server's state: its pool, configuration and clients.
    pub state: loquent_server::state::AppState,
    vars: HashMap<String, String>,
    server: actix_web::dev::ServerHandle,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

/// A member signed in through the API, and their client.
pub struct SignedIn {
    pub client: ApiClient,
    pub me: Me,
    pub email: String,
    pub password: String,
}

pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(&[]).await
    }

    /// Starts the server with extra environment settings layered over the test defaults.
    pub async fn spawn_with(overrides: &[(&str, &str)]) -> TestApp {
        let owned: Vec<(String, String)> =
            overrides.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        TestApp::spawn_with_vars(owned).await
    }

    pub async fn spawn_with_vars(overrides: Vec<(String, String)>) -> TestApp {
        init_logging();
        let db = TestDb::create().await;
        let web_dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(web_dir.path().join("index.html"), "<!doctype html><title>Loquent</title>")
            .expect("writing index.html");
        let recordings_dir = tempfile::tempdir().expect("temp dir");
        let mut vars: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), db.url.clone()),
            ("DATABASE_POOL_SIZE".into(), "8".into()),
            ("LOQUENT_SECRET_KEY".into(), "00".repeat(32)),
            ("LOQUENT_WORKERS".into(), "1".into()),
            ("LOQUENT_WEB_DIR".into(), web_dir.path().to_string_lossy().into_owned()),
            ("RECORDINGS_DIR".into(), recordings_dir.path().to_string_lossy().into_owned()),
            ("JOB_POLL_MS".into(), "50".into()),
        ]);
        vars.extend(overrides);
        let (base_url, port, state, server, workers) = start(&vars).await;
        TestApp { base_url, port, db, web_dir, recordings_dir, state, vars, server, workers }
    }

    /// Stops the server and kills its job workers mid-flight, as a crash would, then starts a
    /// new server on the same database (on a new port: use `base_url` afresh).
    pub async fn restart(&mut self) {
        for worker in self.workers.drain(..) {
            worker.abort();
        }
        self.server.stop(false).await;
        let (base_url, port, state, server, workers) = start(&self.vars).await;
        (self.base_url, self.port, self.state, self.server, self.workers) =
            (base_url, port, state, server, workers);
    }

    /// The server wired to every fake of the outside world it needs.
    pub async fn spawn_with_fakes(
        twilio: &FakeTwilio,
        openai: &crate::fakes::openai::FakeOpenAi,
        extra: &[(&str, &str)],
    ) -> TestApp {
        let mut vars = vec![
            ("TWILIO_API_BASE".to_string(), twilio.base_url.clone()),
            ("TWILIO_MAIN_ACCOUNT_SID".to_string(), twilio.main_account_sid.clone()),
            ("TWILIO_MAIN_AUTH_TOKEN".to_string(), twilio.main_auth_token.clone()),
            ("OPENAI_BASE_URL".to_string(), openai.base_url.clone()),
            ("OPENAI_API_KEY".to_string(), openai.api_key.clone()),
        ];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        TestApp::spawn_with_vars(vars).await
    }

    /// The server with Loquent's platform Twilio account at `twilio` (a fake on this machine).
    pub async fn spawn_with_twilio(twilio: &FakeTwilio) -> TestApp {
        TestApp::spawn_with(&[
            ("TWILIO_API_BASE", &twilio.base_url),
            ("TWILIO_MAIN_ACCOUNT_SID", &twilio.main_account_sid),
            ("TWILIO_MAIN_AUTH_TOKEN", &twilio.main_auth_token),
        ])
        .await
    }

    /// Registers a number straight in the database, for tests about what happens after.
    pub async fn insert_phone(&self, org: &SignedIn, number: &str) -> loquent_shared::Phone {
        use loquent_server::mods::phone::queries::{NewPhone, insert};
        let mut conn = self.conn().await;
        let sid = format!("PN{}", uuid::Uuid::new_v4().simple());
        let new = NewPhone {
            number,
            twilio_sid: &sid,
            friendly_name: "Front desk",
            routes_to_loquent: true,
        };
        insert(&mut conn, org.me.organization.id, new)
            .await
            .expect("inserting phone")
            .expect("a new number")
            .into()
    }

    /// The environment the server was started with: another server process given the same
    /// settings shares its database and keys.
    pub fn vars(&self) -> &HashMap<String, String> {
        &self.vars
    }

    /// A client with an empty cookie jar.
    pub fn client(&self) -> ApiClient {
        ApiClient::new(&self.base_url)
    }

    pub async fn conn(&self) -> AsyncPgConnection {
        self.db.connect().await
    }

    /// Signs up a new organization named `org` and returns its owner, signed in.
    pub async fn sign_up(&self, org: &str) -> SignedIn {
        let client = self.client();
        let email = format!("owner-{}@{}.example.com", uuid::Uuid::new_v4().simple(), slug(org));
        let req = SignupRequest {
            name: format!("{org} Owner"),
            email: email.clone(),
            password: PASSWORD.into(),
            organization_name: org.into(),
            timezone: None,
        };
        let me: Me = json(client.post("/api/auth/signup", &req).await, StatusCode::CREATED).await;
        SignedIn { client, me, email, password: PASSWORD.into() }
    }

    /// Two organizations, each with a signed-in owner: every tenancy test starts here.
    pub async fn two_orgs(&self) -> (SignedIn, SignedIn) {
        (self.sign_up("Acme Dental").await, self.sign_up("Globex Plumbing").await)
    }

    /// Adds a new person to `org` with `role`, straight in the database (the invitation flow has
    /// its own tests), and signs them in.
    pub async fn add_member(&self, org: &SignedIn, role: Role) -> SignedIn {
        let email = format!("{}-{}@example.com", role.as_str(), uuid::Uuid::new_v4().simple());
        let hash = loquent_server::mods::auth::password::hash(PASSWORD.into()).await.expect("hash");
        let mut conn = self.conn().await;
        let person = people::insert(
            &mut conn,
            NewPerson { name: "Added Member", email: &email, password_hash: &hash },
        )
        .await
        .expect("inserting person");
        members::insert_member(
            &mut conn,
            NewMember { organization_id: org.me.organization.id, person_id: person.id, role },
        )
        .await
        .expect("inserting member");
        let client = self.client();
        let body = serde_json::json!({"email": email, "password": PASSWORD});
        let me: Me = json(client.post("/api/auth/login", &body).await, StatusCode::OK).await;
        SignedIn { client, me, email, password: PASSWORD.into() }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for worker in &self.workers {
            worker.abort();
        }
        // Stop accepting; the database is dropped (with FORCE) right after.
        drop(self.server.stop(false));
    }
}

/// Binds port 0 and starts the server with `vars` (APP_HOST set to the bound address).
async fn start(
    vars: &HashMap<String, String>,
) -> (
    String,
    u16,
    loquent_server::state::AppState,
    actix_web::dev::ServerHandle,
    Vec<tokio::task::JoinHandle<()>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding port 0");
    let port = listener.local_addr().expect("local address").port();
    let base_url = format!("http://127.0.0.1:{port}");
    let mut vars = vars.clone();
    vars.entry("APP_HOST".into()).or_insert_with(|| base_url.clone());
    if vars.get("APP_HOST").is_some_and(|h| h.starts_with("http://127.0.0.1:")) {
        vars.insert("APP_HOST".into(), base_url.clone());
    }
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
    let running = loquent_server::app::serve(config, listener).await.expect("starting the server");
    let server = running.server.handle();
    tokio::spawn(running.server);
    (base_url, port, running.state, server, running.workers)
}

fn slug(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
}

fn init_logging() {
    if std::env::var_os("TEST_LOG").is_some() {
        loquent_server::telemetry::init(loquent_server::config::LogFormat::Text);
    }
}
