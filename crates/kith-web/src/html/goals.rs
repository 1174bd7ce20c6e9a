//! Goals: each habit with this period's progress and its streaks, a form to add one, and forms to
//! change a target or remove a goal.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::goals::{GoalProgressView, progress};
use kith_core::{
    InteractionKind, ValidationError,
    goal::{Goal, MAX_TARGET, Measure, Period},
};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::text,
    },
    state::AppState,
};

/// A goal as a line with a progress bar (the dashboard shows the same lines).
#[derive(Debug)]
pub struct GoalLine {
    pub id: i64,
    pub description: String,
    pub period: &'static str,
    pub period_label: String,
    pub done: u64,
    /// `done`, capped at the target, for the progress bar.
    pub bar: u64,
    pub target: u32,
    pub met: bool,
    pub current_streak: u32,
    pub best_streak: u32,
}

impl From<&GoalProgressView> for GoalLine {
    fn from(g: &GoalProgressView) -> GoalLine {
        GoalLine {
            id: g.id,
            description: g.description.clone(),
            period: g.period.as_str(),
            period_label: g.period_label.clone(),
            done: g.done,
            bar: g.done.min(u64::from(g.target)),
            target: g.target,
            met: g.met,
            current_streak: g.current_streak,
            best_streak: g.best_streak,
        }
    }
}

/// The add form as typed, kept when it is refused.
#[derive(Debug, Default, Deserialize)]
pub struct GoalForm {
    pub measure: Option<String>,
    pub target: Option<String>,
    pub period: Option<String>,
}

/// The add form's values, as the template shows them.
#[derive(Debug)]
struct Typed {
    measure: String,
    target: String,
    period: String,
}

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    chrome: Chrome,
    goals: Vec<GoalLine>,
    measures: Vec<String>,
    form: Typed,
    error: Option<String>,
}

async fn render(state: &AppState, headers: &HeaderMap, form: Typed, error: Option<String>) -> PageResult<Page> {
    let goals = progress(state.store(), state.today(), state.settings().week_start_day()).await?;
    let mut measures: Vec<String> = vec!["lunch+coffee".into()];
    measures.extend(["touches", "new-people", "reconnections", "events", "minutes"].map(String::from));
    measures.extend(InteractionKind::ALL.iter().map(|k| k.as_str().to_string()));
    let view = GoalsPage {
        chrome: Chrome::new(state, headers, "Goals", "goals"),
        goals: goals.iter().map(GoalLine::from).collect(),
        measures,
        form,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /goals`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let blank = Typed { measure: String::new(), target: "1".into(), period: "week".into() };
    Ok(render(&state, &headers, blank, None).await?.into_response())
}

/// Reads a target typed in a form: a whole number from 1 to 100000.
fn target(field: &str, value: &str) -> Result<u32, ValidationError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_TARGET).contains(n))
        .ok_or_else(|| ValidationError::new(field, value, format!("give a whole number from 1 to {MAX_TARGET}")))
}

fn goal_of(form: &GoalForm) -> Result<Goal, ValidationError> {
    let measure = Measure::parse("measure", form.measure.as_deref().unwrap_or(""))?;
    let period: Period = text(&form.period).unwrap_or_else(|| "week".into()).parse()?;
    let target = target("target", form.target.as_deref().unwrap_or(""))?;
    Ok(Goal { measure, period, target })
}

/// `POST /goals`: adds a goal; a refused one shows the page again with what was typed.
pub async fn create(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<GoalForm>) -> PageResult<Response> {
    let added = match goal_of(&form) {
        Ok(goal) => state.store().add_goal(goal.clone()).await.map(|id| (id, goal)).map_err(WebError::from),
        Err(e) => Err(WebError::Invalid(e)),
    };
    match added {
        Ok((id, goal)) => Ok(done("/goals", format!("Added goal #{id}: {}.", goal.describe()))),
        Err(WebError::Invalid(v)) => {
            let typed = Typed {
                measure: form.measure.unwrap_or_default(),
                target: form.target.unwrap_or_default(),
                period: form.period.unwrap_or_default(),
            };
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(&state, &headers, typed, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct TargetForm {
    pub target: Option<String>,
}

/// `POST /goals/{id}`: changes a goal's target.
pub async fn update(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<TargetForm>,
) -> PageResult<Response> {
    let target = target("target", form.target.as_deref().unwrap_or("")).map_err(WebError::Invalid)?;
    state.store().set_goal_target(id, target).await?;
    Ok(done("/goals", format!("Goal #{id} now asks for at least {target}.")))
}

/// `POST /goals/{id}/remove`.
pub async fn remove(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    state.store().remove_goal(id).await?;
    Ok(done("/goals", format!("Goal #{id} removed.")))
}
