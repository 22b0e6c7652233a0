//! The fake against a real HTTP client, checked against what Twilio's spec says Twilio answers.

use reqwest::RequestBuilder;
use serde_json::{Value, json};

use super::FakeTwilio;

/// Status and JSON body (`Null` for an empty body).
async fn send(request: RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("request to the fake Twilio");
    let status = response.status().as_u16();
    let text = response.text().await.expect("response body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("a JSON body")
    };
    (status, body)
}

struct Client {
    http: reqwest::Client,
    base_url: String,
    sid: String,
    token: String,
}

impl Client {
    fn new(twilio: &FakeTwilio, sid: &str, token: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            base_url: twilio.base_url.clone(),
            sid: sid.to_string(),
            token: token.to_string(),
        }
    }

    fn main(twilio: &FakeTwilio) -> Client {
        Client::new(twilio, &twilio.main_account_sid, &twilio.main_auth_token)
    }

    /// `path` under `/2010-04-01`, with `{me}` standing for the client's own account SID.
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.replace("{me}", &self.sid))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        send(self.http.get(self.url(path)).basic_auth(&self.sid, Some(&self.token))).await
    }

    /// Follows a host-relative link such as `next_page_uri`.
    async fn follow(&self, uri: &str) -> (u16, Value) {
        let host = self.base_url.trim_end_matches("/2010-04-01");
        send(self.http.get(format!("{host}{uri}")).basic_auth(&self.sid, Some(&self.token))).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let request = self.http.post(self.url(path)).basic_auth(&self.sid, Some(&self.token));
        send(request.form(form)).await
    }
}

fn is_sid(prefix: &str, sid: &str) -> bool {
    sid.len() == 34 && sid.starts_with(prefix) && sid[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn authenticate_error() -> Value {
    json!({
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    })
}

#[tokio::test]
async fn start_makes_a_main_account_at_a_local_base_url() {
    let twilio = FakeTwilio::start().await;
    assert!(twilio.base_url.starts_with("http://127.0.0.1:"));
    assert!(twilio.base_url.ends_with("/2010-04-01"));
    assert!(is_sid("AC", &twilio.main_account_sid));
    assert_eq!(twilio.main_auth_token.len(), 32);

    let (status, body) = Client::main(&twilio).get("/Accounts/{me}.json").await;
    assert_eq!(status, 200);
    assert_eq!(body["sid"], twilio.main_account_sid.as_str());
    assert_eq!(body["owner_account_sid"], twilio.main_account_sid.as_str());
    let created = body["date_created"].as_str().expect("date_created");
    assert!(chrono::DateTime::parse_from_rfc2822(created).is_ok(), "{created}");
    assert!(created.ends_with(" +0000"), "{created}");
}

#[tokio::test]
async fn refuses_missing_or_wrong_credentials_and_foreign_accounts() {
    let twilio = FakeTwilio::start().await;
    let path = format!("/Accounts/{}.json", twilio.main_account_sid);

    let (status, body) =
        send(reqwest::Client::new().get(format!("{}{path}", twilio.base_url))).await;
    assert_eq!((status, body), (401, authenticate_error()));

    let wrong = Client::new(&twilio, &twilio.main_account_sid, &"0".repeat(32));
    assert_eq!(wrong.get(&path).await, (401, authenticate_error()));

    // A customer's own account is not the platform's to use, and the reverse.
    let (byo_sid, byo_token) = twilio.add_account("Acme Dental (own account)");
    let main = Client::main(&twilio);
    assert_eq!(main.get(&format!("/Accounts/{byo_sid}.json")).await, (401, authenticate_error()));
    let byo = Client::new(&twilio, &byo_sid, &byo_token);
    assert_eq!(byo.get(&path).await, (401, authenticate_error()));
    assert_eq!(byo.get("/Accounts/{me}.json").await.0, 200);
}

#[tokio::test]
async fn creates_subaccounts_the_parent_can_act_on() {
    let twilio = FakeTwilio::start().await;
    let main = Client::main(&twilio);

    let (status, sub) = main.post("/Accounts.json", &[("FriendlyName", "Acme Dental")]).await;
    assert_eq!(status, 201);
    let sub_sid = sub["sid"].as_str().expect("sid").to_string();
    assert!(is_sid("AC", &sub_sid));
    assert_eq!(sub["owner_account_sid"], twilio.main_account_sid.as_str());
    assert_eq!(sub["friendly_name"], "Acme Dental");
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["type"], "Full");
    assert_eq!(sub["uri"], format!("/2010-04-01/Accounts/{sub_sid}.json"));
    assert_eq!(
        sub["subresource_uris"]["incoming_phone_numbers"],
        format!("/2010-04-01/Accounts/{sub_sid}/IncomingPhoneNumbers.json")
    );
    let sub_token = sub["auth_token"].as_str().expect("auth_token").to_string();

    // The parent's credentials work on the subaccount; the subaccount's own do too.
    assert_eq!(main.get(&format!("/Accounts/{sub_sid}.json")).await.0, 200);
    let own = Client::new(&twilio, &sub_sid, &sub_token);
    assert_eq!(own.get("/Accounts/{me}.json").await.0, 200);
    // …but not upwards.
    let parent = format!("/Accounts/{}.json", twilio.main_account_sid);
    assert_eq!(own.get(&parent).await.0, 401);

    let unnamed = main.post("/Accounts.json", &[]).await;
    assert_eq!(unnamed.0, 201);
    assert!(unnamed.1["friendly_name"].as_str().is_some_and(|n| n.starts_with("SubAccount")));

    let accounts = twilio.accounts();
    let sub = accounts.iter().find(|a| a.sid == sub_sid).expect("the subaccount");
    assert_eq!(sub.owner_account_sid, twilio.main_account_sid);
    assert_eq!(sub.auth_token, sub_token);
    assert_eq!(accounts.len(), 3);
}

#[tokio::test]
async fn searches_the_pool_by_area_code() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    twilio.add_available_number("+14155550124", "San Francisco", "CA");
    twilio.add_available_number("+12125550100", "New York", "NY");
    let main = Client::main(&twilio);
    let search = "/Accounts/{me}/AvailablePhoneNumbers/US/Local.json";

    let (status, body) = main.get(&format!("{search}?AreaCode=415")).await;
    assert_eq!(status, 200);
    let found = body["available_phone_numbers"].as_array().expect("available_phone_numbers");
    assert_eq!(found.len(), 2);
    let first = &found[0];
    assert_eq!(first["phone_number"], "+14155550123");
    assert_eq!(first["friendly_name"], "(415) 555-0123");
    assert_eq!(first["locality"], "San Francisco");
    assert_eq!(first["region"], "CA");
    assert_eq!(first["iso_country"], "US");
    assert_eq!(first["address_requirements"], "none");
    assert_eq!(first["beta"], false);
    assert_eq!(
        first["capabilities"],
        json!({"voice": true, "sms": true, "mms": true, "fax": false})
    );
    for field in ["lata", "rate_center", "latitude", "longitude", "postal_code"] {
        assert!(first[field].is_string(), "{field}");
    }
    let uri = format!("/2010-04-01/Accounts/{}/AvailablePhoneNumbers/US/Local.json", main.sid);
    assert_eq!(body["uri"], uri);

    let (_, capped) = main.get(&format!("{search}?AreaCode=415&PageSize=1")).await;
    assert_eq!(capped["available_phone_numbers"].as_array().map(Vec::len), Some(1));

    let (status, none) = main.get(&format!("{search}?AreaCode=999")).await;
    assert_eq!((status, &none["available_phone_numbers"]), (200, &json!([])));
    let (status, abroad) =
        main.get("/Accounts/{me}/AvailablePhoneNumbers/GB/Local.json?AreaCode=415").await;
    assert_eq!((status, &abroad["available_phone_numbers"]), (200, &json!([])));
}

#[tokio::test]
async fn buys_a_number_out_of_the_pool() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    let main = Client::main(&twilio);
    let (_, sub) = main.post("/Accounts.json", &[("FriendlyName", "Acme Dental")]).await;
    let sub_sid = sub["sid"].as_str().expect("sid");

    // The platform buys into the customer's subaccount with its own credentials.
    let buy = format!("/Accounts/{sub_sid}/IncomingPhoneNumbers.json");
    let form = [("PhoneNumber", "+14155550123"), ("VoiceUrl", "https://loquent.example/voice")];
    let (status, number) = main.post(&buy, &form).await;
    assert_eq!(status, 201);
    let sid = number["sid"].as_str().expect("sid").to_string();
    assert!(is_sid("PN", &sid));
    assert_eq!(number["account_sid"], sub_sid);
    assert_eq!(number["phone_number"], "+14155550123");
    assert_eq!(number["friendly_name"], "(415) 555-0123");
    assert_eq!(number["voice_url"], "https://loquent.example/voice");
    assert_eq!(number["voice_method"], "POST");
    assert_eq!(number["status"], "in-use");
    assert_eq!(
        number["uri"],
        format!("/2010-04-01/Accounts/{sub_sid}/IncomingPhoneNumbers/{sid}.json")
    );

    let owned = twilio.incoming_numbers(sub_sid);
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0].sid, sid);
    assert!(twilio.incoming_numbers(&twilio.main_account_sid).is_empty());

    let search = format!("/Accounts/{sub_sid}/AvailablePhoneNumbers/US/Local.json?AreaCode=415");
    assert_eq!(main.get(&search).await.1["available_phone_numbers"], json!([]));

    let (status, again) = main.post(&buy, &[("PhoneNumber", "+14155550123")]).await;
    assert_eq!(status, 400);
    assert_eq!(again["code"], 21422);
    assert_eq!(again["message"], "PhoneNumber requested is not available");
    assert_eq!(again["more_info"], "https://www.twilio.com/docs/errors/21422");
    assert_eq!(again["status"], 400);

    let (status, missing) = main.post(&buy, &[("FriendlyName", "No number")]).await;
    assert_eq!((status, &missing["code"]), (400, &json!(21450)));
}

#[tokio::test]
async fn lists_numbers_page_by_page() {
    let twilio = FakeTwilio::start().await;
    let (byo_sid, byo_token) = twilio.add_account("Acme Dental (own account)");
    for (n, name) in [("+14155550101", "Front desk"), ("+14155550102", "After hours")] {
        twilio.add_incoming_number(&byo_sid, n, name, Some("https://handler.example.com/voice"));
    }
    twilio.add_incoming_number(&byo_sid, "+12125550103", "NYC office", None);
    let byo = Client::new(&twilio, &byo_sid, &byo_token);
    let list = format!("/2010-04-01/Accounts/{byo_sid}/IncomingPhoneNumbers.json");

    let (status, first) = byo.get("/Accounts/{me}/IncomingPhoneNumbers.json?PageSize=2").await;
    assert_eq!(status, 200);
    let numbers = first["incoming_phone_numbers"].as_array().expect("incoming_phone_numbers");
    let names: Vec<&Value> = numbers.iter().map(|n| &n["friendly_name"]).collect();
    assert_eq!(names, ["Front desk", "After hours"]);
    assert_eq!((&first["page"], &first["page_size"]), (&json!(0), &json!(2)));
    assert_eq!((&first["start"], &first["end"]), (&json!(0), &json!(1)));
    assert_eq!(first["previous_page_uri"], Value::Null);
    assert_eq!(first["first_page_uri"], format!("{list}?PageSize=2&Page=0"));
    let next = first["next_page_uri"].as_str().expect("a next page");
    assert!(next.starts_with(&format!("{list}?PageSize=2&Page=1&PageToken=PA")), "{next}");

    let (status, second) = byo.follow(next).await;
    assert_eq!(status, 200);
    let numbers = second["incoming_phone_numbers"].as_array().expect("incoming_phone_numbers");
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0]["phone_number"], "+12125550103");
    assert_eq!(numbers[0]["voice_url"], Value::Null);
    assert_eq!(
        (&second["page"], &second["start"], &second["end"]),
        (&json!(1), &json!(2), &json!(2))
    );
    assert_eq!(second["next_page_uri"], Value::Null);
    assert_eq!(second["previous_page_uri"], format!("{list}?PageSize=2&Page=0"));

    // Without a token, Page × PageSize is the offset; the default page holds 50.
    let (_, by_page) = byo.get("/Accounts/{me}/IncomingPhoneNumbers.json?PageSize=2&Page=1").await;
    assert_eq!(by_page["incoming_phone_numbers"].as_array().map(Vec::len), Some(1));
    let (_, all) = byo.get("/Accounts/{me}/IncomingPhoneNumbers.json").await;
    assert_eq!(all["incoming_phone_numbers"].as_array().map(Vec::len), Some(3));
    assert_eq!((&all["page_size"], &all["next_page_uri"]), (&json!(50), &Value::Null));

    let (_, one) =
        byo.get("/Accounts/{me}/IncomingPhoneNumbers.json?PhoneNumber=%2B12125550103").await;
    let found = one["incoming_phone_numbers"].as_array().expect("incoming_phone_numbers");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["friendly_name"], "NYC office");
    assert_eq!(one["uri"], format!("{list}?PhoneNumber=%2B12125550103&PageSize=50&Page=0"));

    let (status, bad) = byo.get("/Accounts/{me}/IncomingPhoneNumbers.json?PageSize=0").await;
    assert_eq!((status, &bad["status"]), (400, &json!(400)));
}

#[tokio::test]
async fn fetches_updates_and_releases_a_number() {
    let twilio = FakeTwilio::start().await;
    let main = Client::main(&twilio);
    let me = twilio.main_account_sid.clone();
    let sid = twilio.add_incoming_number(&me, "+14155550101", "Front desk", None);
    let path = format!("/Accounts/{me}/IncomingPhoneNumbers/{sid}.json");

    let (status, fetched) = main.get(&path).await;
    assert_eq!((status, &fetched["phone_number"]), (200, &json!("+14155550101")));

    let form = [("VoiceUrl", "https://loquent.example/twilio/voice"), ("VoiceMethod", "POST")];
    let (status, updated) = main.post(&path, &form).await;
    assert_eq!(status, 200);
    assert_eq!(updated["voice_url"], "https://loquent.example/twilio/voice");
    assert_eq!(updated["friendly_name"], "Front desk");
    let stored = &twilio.incoming_numbers(&me)[0];
    assert_eq!(stored.voice_url.as_deref(), Some("https://loquent.example/twilio/voice"));
    assert_eq!(stored.voice_method.as_deref(), Some("POST"));

    let (_, cleared) = main.post(&path, &[("VoiceUrl", ""), ("FriendlyName", "Desk")]).await;
    assert_eq!((&cleared["voice_url"], &cleared["friendly_name"]), (&Value::Null, &json!("Desk")));
    assert_eq!(twilio.incoming_numbers(&me)[0].voice_url, None);

    let missing = format!("/Accounts/{me}/IncomingPhoneNumbers/PN{}.json", "0".repeat(32));
    let (status, body) = main.get(&missing).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({
            "code": 20404,
            "message": format!("The requested resource /2010-04-01{missing} was not found"),
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
        })
    );

    let delete = main.http.delete(main.url(&path)).basic_auth(&main.sid, Some(&main.token));
    assert_eq!(send(delete).await, (204, Value::Null));
    assert!(twilio.incoming_numbers(&me).is_empty());
    assert_eq!(main.get(&path).await.0, 404);
}

#[tokio::test]
async fn unknown_resources_are_twilio_404s() {
    let twilio = FakeTwilio::start().await;
    let main = Client::main(&twilio);
    let (status, body) = main.get("/Accounts/{me}/Calls.json").await;
    assert_eq!((status, &body["code"]), (404, &json!(20404)));
    let (status, body) = main.post("/Accounts/{me}/AvailablePhoneNumbers/US/Local.json", &[]).await;
    assert_eq!((status, &body["code"]), (404, &json!(20404)));
}

#[tokio::test]
async fn refuses_bodies_that_are_not_forms() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    let main = Client::main(&twilio);
    let request = main
        .http
        .post(main.url("/Accounts/{me}/IncomingPhoneNumbers.json"))
        .basic_auth(&main.sid, Some(&main.token))
        .json(&json!({"PhoneNumber": "+14155550123"}));
    let (status, body) = send(request).await;
    assert_eq!((status, &body["status"]), (400, &json!(400)));
    let message = body["message"].as_str().expect("message");
    assert!(message.contains("application/x-www-form-urlencoded"), "{message}");
    assert!(twilio.incoming_numbers(&main.sid).is_empty());
}

#[tokio::test]
async fn fail_next_fails_one_matching_request() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    let main = Client::main(&twilio);
    twilio.fail_next("POST", "/IncomingPhoneNumbers.json", 500, 20500, "Internal Server Error");

    // A GET on the same path is not the planned request.
    assert_eq!(main.get("/Accounts/{me}/IncomingPhoneNumbers.json").await.0, 200);
    let buy = "/Accounts/{me}/IncomingPhoneNumbers.json";
    let (status, body) = main.post(buy, &[("PhoneNumber", "+14155550123")]).await;
    assert_eq!(status, 500);
    assert_eq!(
        body,
        json!({
            "code": 20500,
            "message": "Internal Server Error",
            "more_info": "https://www.twilio.com/docs/errors/20500",
            "status": 500,
        })
    );
    assert!(twilio.incoming_numbers(&main.sid).is_empty());
    assert_eq!(main.post(buy, &[("PhoneNumber", "+14155550123")]).await.0, 201);
}

#[tokio::test]
async fn records_every_request_in_order() {
    let twilio = FakeTwilio::start().await;
    let main = Client::main(&twilio);
    main.get("/Accounts/{me}/AvailablePhoneNumbers/US/Local.json?AreaCode=415").await;
    main.post("/Accounts.json", &[("FriendlyName", "Acme & Sons")]).await;
    send(reqwest::Client::new().get(format!("{}/Accounts.json", twilio.base_url))).await;

    let requests = twilio.requests();
    assert_eq!(requests.len(), 3);
    let search = &requests[0];
    assert_eq!(search.method, "GET");
    let path = format!("/2010-04-01/Accounts/{}/AvailablePhoneNumbers/US/Local.json", main.sid);
    assert_eq!(search.path, path);
    assert_eq!(search.query, "AreaCode=415");
    assert_eq!(search.auth_user.as_deref(), Some(twilio.main_account_sid.as_str()));
    assert!(!search.is_write());

    let create = &requests[1];
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/2010-04-01/Accounts.json")
    );
    assert_eq!(create.form, [("FriendlyName".to_string(), "Acme & Sons".to_string())]);
    assert!(create.is_write());

    assert_eq!(requests[2].auth_user, None);
}

/// Status, content type and body bytes of a media download.
async fn media(client: &Client, path: &str) -> (u16, String, Vec<u8>) {
    let response = client
        .http
        .get(client.url(path))
        .basic_auth(&client.sid, Some(&client.token))
        .send()
        .await
        .expect("request to the fake Twilio");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, response.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn a_dual_channel_recording_downloads_as_two_channels_or_mixed() {
    let twilio = FakeTwilio::start().await;
    let (sid, token) = twilio.add_account("Acme's own");
    let client = Client::new(&twilio, &sid, &token);
    let (left, right): (Vec<i16>, Vec<i16>) = ((0..800).map(|i| i * 10).collect(), vec![-400; 800]);
    let stereo = crate::audio::wav(&[&left, &right], 8000);
    let re = twilio.add_recording_with_wav(&sid, b"ID3 mp3 bytes", &stereo);
    let path = format!("/Accounts/{{me}}/Recordings/{re}");

    let (status, content_type, body) =
        media(&client, &format!("{path}.wav?RequestedChannels=2")).await;
    assert_eq!((status, content_type.as_str()), (200, "audio/x-wav"));
    assert_eq!(crate::audio::read_wav(&body), Ok((8000, vec![left.clone(), right.clone()])));
    // By default, as recorded: two channels.
    let (_, _, default) = media(&client, &format!("{path}.wav")).await;
    assert_eq!(default, body);
    // One channel: the two mixed.
    let (status, _, mixed) = media(&client, &format!("{path}.wav?RequestedChannels=1")).await;
    assert_eq!(status, 200);
    let (_, channels) = crate::audio::read_wav(&mixed).expect("mono WAV");
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0][100], (1000 - 400) / 2);
    // The MP3 is the one given.
    let (status, content_type, mp3) = media(&client, &format!("{path}.mp3")).await;
    assert_eq!(
        (status, content_type.as_str(), mp3.as_slice()),
        (200, "audio/mpeg", &b"ID3 mp3 bytes"[..])
    );
}

#[tokio::test]
async fn two_channels_of_a_mono_recording_is_twilios_16113() {
    let twilio = FakeTwilio::start().await;
    let (sid, token) = twilio.add_account("Acme's own");
    let client = Client::new(&twilio, &sid, &token);
    let mono = twilio.add_recording_with_wav(&sid, b"ID3", &crate::audio::wav(&[&[1, 2, 3]], 8000));
    let mp3_only = twilio.add_recording(&sid, b"ID3");

    for re in [&mono, &mp3_only] {
        for ext in ["wav", "mp3"] {
            let path = format!("/Accounts/{{me}}/Recordings/{re}.{ext}?RequestedChannels=2");
            let (status, body) = client.get(&path).await;
            assert_eq!(status, 400, "{re}.{ext}");
            assert_eq!(body["code"], 16113);
            assert_eq!(
                body["message"],
                "Cannot download a dual-channel presentation of a mono recording"
            );
            assert_eq!(body["more_info"], "https://www.twilio.com/docs/errors/16113");
        }
    }
    let (status, body) =
        client.get(&format!("/Accounts/{{me}}/Recordings/{mono}.wav?RequestedChannels=3")).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(20001)));
    let (status, content_type, wav) =
        media(&client, &format!("/Accounts/{{me}}/Recordings/{mono}.wav?RequestedChannels=1"))
            .await;
    assert_eq!((status, content_type.as_str()), (200, "audio/x-wav"));
    assert_eq!(crate::audio::read_wav(&wav), Ok((8000, vec![vec![1, 2, 3]])));
}

#[tokio::test]
async fn recordings_need_their_accounts_credentials() {
    let twilio = FakeTwilio::start().await;
    let (sid, token) = twilio.add_account("Acme's own");
    let (_, other_token) = twilio.add_account("Someone else");
    let re = twilio.add_recording_with_wav(&sid, b"ID3", &crate::audio::wav(&[&[1], &[2]], 8000));
    let stranger = Client::new(&twilio, &sid, &other_token);

    let (status, body) = stranger.get(&format!("/Accounts/{{me}}/Recordings/{re}.wav")).await;

    assert_eq!((status, body), (401, authenticate_error()));
    let owner = Client::new(&twilio, &sid, &token);
    let (status, body) =
        owner.get(&format!("/Accounts/{{me}}/Recordings/RE{}.wav", "0".repeat(32))).await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(20404)));
}
