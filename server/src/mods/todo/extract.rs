//! `extract_todos`: after a call is transcribed, the model reads the transcript with the
//! organization's to-do types and answers (structured output) with the follow-ups it finds.
//! They are stored with the call and its contact, for review; an auto-approving type's to-dos
//! are approved at once and their action queued.
//!
//! Idempotent: a pass is keyed by the recording (`run_key`), and its to-dos by their place in
//! the answer (`<run_key>:<n>`); a pass that stored its to-dos doesn't ask the model again.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use loquent_shared::todo::{
    MAX_TODO_DESCRIPTION_LEN, MAX_TODO_DUE_HINT_LEN, MAX_TODO_EMAIL_BODY_LEN,
    MAX_TODO_EMAIL_SUBJECT_LEN, MAX_TODO_TITLE_LEN,
};
use loquent_shared::{TodoAction, TodoStatus};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::approval;
use super::queries::TodoRow;
use super::types::{self, TodoTypeRow};
use crate::db::schema::todo;
use crate::jobs::{Job, queue};
use crate::mods::{call, organization};
use crate::state::AppState;

/// More than this from one call is the model rambling, not the caller asking.
const MAX_TODOS_PER_CALL: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractTodos {
    pub call_id: Uuid,
    /// Which pass this is: the recording's SID.
    pub run_key: String,
}

pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    run_key: &str,
) -> diesel::QueryResult<()> {
    let job = Job::ExtractTodos(ExtractTodos { call_id, run_key: run_key.to_string() });
    queue::enqueue(conn, &job, Some(format!("extract_todos:{call_id}:{run_key}"))).await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
struct Answer {
    todos: Vec<Found>,
}

#[derive(Debug, Deserialize)]
struct Found {
    #[serde(rename = "type")]
    kind: String,
    title: String,
    description: String,
    due_hint: Option<String>,
    email_subject: String,
    email_body: String,
}

pub async fn extract_todos(state: &AppState, job: ExtractTodos) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let Some(call) = call::queries::find_for_job(&mut conn, job.call_id).await? else {
        return Ok(());
    };
    let Some(transcript) = call.transcription.clone() else {
        anyhow::bail!("call {} has no transcription yet", call.id);
    };
    if transcript.trim().is_empty() {
        tracing::info!(call_id = %call.id, "nothing was said: no to-dos");
        return Ok(());
    }
    let prefix = format!("{}:", job.run_key);
    let stored: i64 = todo::table
        .filter(todo::call_id.eq(call.id))
        .filter(todo::source_key.like(format!("{}%", like_escape(&prefix))))
        .count()
        .get_result(&mut conn)
        .await?;
    if stored > 0 {
        tracing::info!(call_id = %call.id, stored, "to-dos of this pass already stored");
        return Ok(());
    }
    let kinds = types::queries::list(&mut conn, call.organization_id).await?;
    if kinds.is_empty() {
        tracing::info!(call_id = %call.id, "the organization has no to-do types");
        return Ok(());
    }
    let org = organization::queries::find(&mut conn, call.organization_id).await?;
    let user = format!(
        "Call from {} to {} on {}.\n\nTranscript:\n{transcript}",
        call.from_number,
        call.to_number,
        call.created_at.format("%Y-%m-%d")
    );
    let value = state
        .llm
        .complete_json(
            &state.config.analysis_model,
            &system_prompt(&org.name, &kinds),
            &user,
            "call_todos",
            schema(&kinds),
        )
        .await?;
    let answer: Answer = serde_json::from_value(value)?;
    let by_name: HashMap<String, &TodoTypeRow> =
        kinds.iter().map(|k| (k.name.to_lowercase(), k)).collect();
    let found: Vec<(&TodoTypeRow, Found)> = answer
        .todos
        .into_iter()
        .filter_map(|f| Some((*by_name.get(&f.kind.trim().to_lowercase())?, f)))
        .filter(|(_, f)| !clean(&f.title, MAX_TODO_TITLE_LEN).is_empty())
        .take(MAX_TODOS_PER_CALL)
        .collect();
    let (org_id, call_id, contact_id) = (call.organization_id, call.id, call.contact_id);
    let stored = conn
        .transaction::<_, anyhow::Error, _>(async move |conn| {
            let mut stored = 0;
            for (n, (kind, f)) in found.into_iter().enumerate() {
                let emails_caller = kind.action() == TodoAction::SendEmailToCaller;
                let draft = |text: &str, max| {
                    Some(clean_block(text, max)).filter(|t| emails_caller && !t.is_empty())
                };
                let inserted: Option<TodoRow> = diesel::insert_into(todo::table)
                    .values((
                        todo::organization_id.eq(org_id),
                        todo::todo_type_id.eq(kind.id),
                        todo::call_id.eq(call_id),
                        todo::contact_id.eq(contact_id),
                        todo::title.eq(clean(&f.title, MAX_TODO_TITLE_LEN)),
                        todo::description.eq(clean_block(&f.description, MAX_TODO_DESCRIPTION_LEN)),
                        todo::due_hint.eq(f
                            .due_hint
                            .as_deref()
                            .map(|d| clean(d, MAX_TODO_DUE_HINT_LEN))
                            .filter(|d| !d.is_empty())),
                        todo::email_subject.eq(draft(&f.email_subject, MAX_TODO_EMAIL_SUBJECT_LEN)),
                        todo::email_body.eq(draft(&f.email_body, MAX_TODO_EMAIL_BODY_LEN)),
                        todo::status.eq(TodoStatus::PendingReview.as_str()),
                        todo::source_key.eq(format!("{prefix}{n}")),
                    ))
                    .on_conflict((todo::call_id, todo::source_key))
                    .do_nothing()
                    .returning(TodoRow::as_returning())
                    .get_result(conn)
                    .await
                    .optional()?;
                let Some(row) = inserted else { continue };
                stored += 1;
                if kind.auto_approve {
                    approval::approve(conn, row).await?;
                }
            }
            Ok(stored)
        })
        .await?;
    tracing::info!(call_id = %call.id, stored, "to-dos extracted");
    Ok(())
}

fn system_prompt(organization: &str, kinds: &[TodoTypeRow]) -> String {
    let list: Vec<String> = kinds
        .iter()
        .map(|k| {
            let email = if k.action() == TodoAction::SendEmailToCaller {
                " (Loquent emails the caller: draft that email)"
            } else {
                ""
            };
            format!("- {}{email}: {}", k.name, k.description.trim())
        })
        .collect();
    format!(
        "You read transcripts of phone calls to {organization} and list the follow-ups the \
         business has to do after the call. Only these kinds of to-do exist:\n{}\n\n\
         Create a to-do only when the transcript clearly calls for one of these kinds; most \
         calls need none or one. Never invent facts. For each to-do give: `type`, exactly one \
         of the names above; `title`, a short imperative line a staff member acts on (\"Call \
         Ada back about the crown fitting\"); `description`, what was asked and the details \
         said (names, numbers, preferences), for staff; `due_hint`, when it should happen as \
         said in the call (\"Tuesday morning\"), or null. For kinds whose email goes to the \
         caller, write `email_subject` and `email_body`: a short, warm, plain-text email from \
         {organization} to the caller that follows up on exactly what they asked, without \
         promises the transcript doesn't support; for other kinds, empty strings. When lines \
         are labelled, the caller is on `Contact:` or `Caller:` lines.",
        list.join("\n")
    )
}

/// The answer's shape, strict: every field required, no others; `type` one of the names.
fn schema(kinds: &[TodoTypeRow]) -> Value {
    let names: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
    json!({
        "type": "object",
        "properties": {
            "todos": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": names},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "due_hint": {"type": ["string", "null"]},
                        "email_subject": {"type": "string"},
                        "email_body": {"type": "string"}
                    },
                    "required": ["type", "title", "description", "due_hint", "email_subject", "email_body"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["todos"],
        "additionalProperties": false
    })
}

/// One line: control characters and runs of blanks become one space, cut to `max` characters.
fn clean(text: &str, max: usize) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// Several lines: line breaks kept, other control characters dropped, cut to `max`.
fn clean_block(text: &str, max: usize) -> String {
    text.trim()
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// `text` matched literally by `LIKE`.
fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_clean_line_and_bodies_keep_their_breaks() {
        assert_eq!(clean("  Call\n Ada \u{7} back ", 100), "Call Ada back");
        assert_eq!(clean("abcdef", 3), "abc");
        assert_eq!(clean_block("Hello Ada,\n\nSee you.\u{0}  ", 100), "Hello Ada,\n\nSee you.");
    }

    #[test]
    fn like_patterns_match_the_key_literally() {
        assert_eq!(like_escape("RE_1%\\"), "RE\\_1\\%\\\\");
    }
}
