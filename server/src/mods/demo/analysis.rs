//! What the analyzers said about each answered call: one run per analyzer, a few seconds after
//! the call, from the call's script (its intent, outcome and the caller's mood, filled in).

use chrono::Duration;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::calls::PlannedCall;
use super::error::DemoError;
use super::setup::Setup;
use crate::mods::call;
use crate::mods::call::queries::AnalysisRunAt;

/// The pass the runs belong to: the demo seed, not a recording or a rerun.
pub const RUN_KEY: &str = "demo";

/// What the analyzer named `analyzer` says about `call`.
pub fn text(analyzer: &str, call: &PlannedCall) -> String {
    let said = match analyzer {
        "Intent" => call.script.intent,
        "Outcome" => call.script.outcome,
        _ => call.script.sentiment,
    };
    call.fill.apply(said)
}

/// Inserts every answered call's runs through the call module; how many.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    setup: &Setup,
    calls: &[PlannedCall],
) -> Result<usize, DemoError> {
    let texts: Vec<(Uuid, Uuid, String, chrono::DateTime<chrono::Utc>)> = calls
        .iter()
        .filter(|c| c.answered())
        .flat_map(|c| {
            setup.analyzers.iter().enumerate().map(move |(i, (analyzer_id, name))| {
                let at = c.ended + Duration::seconds(20 + 7 * i as i64 + (c.n % 13) as i64);
                (c.id, *analyzer_id, text(name, c), at)
            })
        })
        .collect();
    let runs: Vec<AnalysisRunAt<'_>> = texts
        .iter()
        .map(|(call_id, analyzer_id, text, at)| AnalysisRunAt {
            call_id: *call_id,
            analyzer_id: *analyzer_id,
            run_key: RUN_KEY,
            analysis_text: text,
            created_at: *at,
        })
        .collect();
    call::queries::insert_runs_at(conn, organization_id, &runs).await?;
    Ok(runs.len())
}
