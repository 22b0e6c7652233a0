//! `TestApp`: the real Loquent server on port 0 with a database of its own.

use std::collections::HashMap;
use std::net::TcpListener;

use diesel_async::AsyncPgConnection;
use loquent_server::Config;
use loquent_server::mods::organization::queries::{self, NewMember};
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
    server: actix_web::dev::ServerHandle,
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
        init_logging();
        let db = TestDb::create().await;
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding port 0");
        let port = listener.local_addr().expect("local address").port();
        let base_url = format!("http://127.0.0.1:{port}");
        let web_dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(web_dir.path().join("index.html"), "<!doctype html><title>Loquent</title>")
            .expect("writing index.html");

        let mut vars: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), db.url.clone()),
            ("DATABASE_POOL_SIZE".into(), "4".into()),
            ("APP_HOST".into(), base_url.clone()),
            ("LOQUENT_SECRET_KEY".into(), "00".repeat(32)),
            ("LOQUENT_WORKERS".into(), "1".into()),
            ("LOQUENT_WEB_DIR".into(), web_dir.path().to_string_lossy().into_owned()),
        ]);
        for (k, v) in overrides {
            vars.insert(k.to_string(), v.to_string());
        }
        let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
        let running =
            loquent_server::app::serve(config, listener).await.expect("starting the server");
        let server = running.server.handle();
        tokio::spawn(running.server);
        TestApp { base_url, port, db, web_dir, server }
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
        let new = NewPhone { number, twilio_sid: &sid, friendly_name: "Front desk" };
        insert(&mut conn, org.me.organization.id, new)
            .await
            .expect("inserting phone")
            .expect("a new number")
            .into()
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
        };
        let me: Me = json(client.post("/api/auth/signup", &req).await, StatusCode::CREATED).await;
        SignedIn { client, me, email, password: PASSWORD.into() }
    }

    /// Two organizations, each with a signed-in owner: every tenancy test starts here.
    pub async fn two_orgs(&self) -> (SignedIn, SignedIn) {
        (self.sign_up("Acme Dental").await, self.sign_up("Globex Plumbing").await)
    }

    /// Adds a member with `role` to `org` (there is no invitation flow yet) and signs them in.
    pub async fn add_member(&self, org: &SignedIn, role: Role) -> SignedIn {
        let email = format!("{}-{}@example.com", role.as_str(), uuid::Uuid::new_v4().simple());
        let hash = loquent_server::mods::auth::password::hash(PASSWORD.into()).await.expect("hash");
        let mut conn = self.conn().await;
        queries::insert_member(
            &mut conn,
            NewMember {
                organization_id: org.me.organization.id,
                name: "Added Member",
                email: &email,
                password_hash: &hash,
                role,
            },
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
        // Stop accepting; the database is dropped (with FORCE) right after.
        drop(self.server.stop(false));
    }
}

fn slug(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
}

fn init_logging() {
    if std::env::var_os("TEST_LOG").is_some() {
        loquent_server::telemetry::init(loquent_server::config::LogFormat::Text);
    }
}
