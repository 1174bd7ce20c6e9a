//! Job-search campaigns: whom to write to first, the outreach template and its placeholders, the
//! board's stages, and `mailto:` links. Pure: the store keeps campaigns, kith-app writes the mail.

use serde::{Deserialize, Serialize};

use crate::{ContactId, ValidationError};

/// A campaign's id.
pub type CampaignId = i64;

/// How many contacts a campaign picks unless told otherwise: "one e-mail lines up a dozen lunches".
pub const DEFAULT_CAMPAIGN_SIZE: usize = 12;

/// The most contacts one campaign may hold.
pub const MAX_CAMPAIGN_SIZE: usize = 500;

/// What ranking adds to the warmth (0–1) of a contact at an organization that is hiring: enough to
/// put a lukewarm contact there ahead of a warm one elsewhere, not a cold one ahead of a warm one.
pub const HIRING_BOOST: f64 = 0.25;

/// Where a contact stands on a campaign's board.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Drafted,
    Sent,
    Replied,
    /// A meeting (lunch, coffee, call) is booked.
    Booked,
    Met,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Drafted, Stage::Sent, Stage::Replied, Stage::Booked, Stage::Met];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Drafted => "drafted",
            Stage::Sent => "sent",
            Stage::Replied => "replied",
            Stage::Booked => "booked",
            Stage::Met => "met",
        }
    }

    /// The column heading on the board.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Drafted => "Drafted",
            Stage::Sent => "Sent",
            Stage::Replied => "Replied",
            Stage::Booked => "Meeting booked",
            Stage::Met => "Met",
        }
    }

    /// Parses a stage name (`meeting` is accepted for `booked`); the error lists the valid ones.
    pub fn parse(field: &str, s: &str) -> Result<Stage, ValidationError> {
        let t = s.trim().to_ascii_lowercase();
        if t == "meeting" {
            return Ok(Stage::Booked);
        }
        Stage::ALL.into_iter().find(|k| k.as_str() == t).ok_or_else(|| {
            ValidationError::new(field, s, "unknown stage; use one of drafted, sent, replied, booked, met")
        })
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The placeholders a template may use, in the order the help lists them.
pub const PLACEHOLDERS: [&str; 6] = ["first_name", "name", "org", "met_at", "last_touch", "custom"];

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    FirstName,
    Name,
    Org,
    MetAt,
    LastTouch,
    Custom,
}

impl Field {
    fn of(name: &str) -> Option<Field> {
        Some(match name {
            "first_name" => Field::FirstName,
            "name" => Field::Name,
            "org" => Field::Org,
            "met_at" => Field::MetAt,
            "last_touch" => Field::LastTouch,
            "custom" => Field::Custom,
            _ => return None,
        })
    }
}

/// An outreach template: text with `{placeholder}`s; `{{` and `}}` stand for literal braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// What one contact fills a template with. Empty values render as nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub first_name: String,
    pub name: String,
    pub org: String,
    pub met_at: String,
    /// The last touch in words, e.g. `2026-11-02`.
    pub last_touch: String,
    /// The per-contact custom line.
    pub custom: String,
}

fn valid_list() -> String {
    PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
}

impl Template {
    /// Parses `text`; an unknown placeholder or a stray brace is an error naming it (and `field`).
    pub fn parse(field: &str, text: &str) -> Result<Template, ValidationError> {
        let mut parts = Vec::new();
        let mut buf = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    buf.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    buf.push('}');
                }
                '{' => {
                    let rest = &text[i + 1..];
                    let Some(end) = rest.find('}') else {
                        return Err(ValidationError::new(
                            field,
                            excerpt(&text[i..]),
                            format!(
                                "a '{{' is never closed; write {{{{ for a literal brace, or use one of {}",
                                valid_list()
                            ),
                        ));
                    };
                    let name = &rest[..end];
                    let Some(f) = Field::of(name.trim()) else {
                        return Err(ValidationError::new(
                            field,
                            format!("{{{name}}}"),
                            format!("unknown placeholder; use one of {}", valid_list()),
                        ));
                    };
                    if !buf.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(Part::Field(f));
                    // Skip the name and the closing brace.
                    for _ in 0..name.chars().count() + 1 {
                        chars.next();
                    }
                }
                '}' => {
                    return Err(ValidationError::new(
                        field,
                        excerpt(&text[i..]),
                        "a '}' without its '{'; write }} for a literal brace",
                    ));
                }
                c => buf.push(c),
            }
        }
        if !buf.is_empty() {
            parts.push(Part::Text(buf));
        }
        Ok(Template { parts })
    }

    /// The text with every placeholder replaced by the contact's value.
    pub fn render(&self, f: &Fields) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Field(field) => out.push_str(match field {
                    Field::FirstName => &f.first_name,
                    Field::Name => &f.name,
                    Field::Org => &f.org,
                    Field::MetAt => &f.met_at,
                    Field::LastTouch => &f.last_touch,
                    Field::Custom => &f.custom,
                }),
            }
        }
        out
    }
}

/// At most 30 characters of where a problem starts, for an error message.
fn excerpt(s: &str) -> String {
    s.chars().take(30).collect()
}

/// A contact that could join a campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: ContactId,
    pub name: String,
    /// Warmth today, 0–1.
    pub warmth: f64,
    /// The tie's strength today: breaks ties of equal score, never the alphabet.
    pub strength: f64,
    /// Whether their organization has a recent hiring signal.
    pub hiring: bool,
}

/// The ranking score: warmth, plus [`HIRING_BOOST`] at a hiring organization.
pub fn score(c: &Candidate) -> f64 {
    c.warmth + if c.hiring { HIRING_BOOST } else { 0.0 }
}

/// The `size` best candidates, best first (ties: the stronger tie, then id).
pub fn rank(mut candidates: Vec<Candidate>, size: usize) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        score(b).total_cmp(&score(a)).then_with(|| b.strength.total_cmp(&a.strength)).then_with(|| a.id.cmp(&b.id))
    });
    candidates.truncate(size);
    candidates
}

/// A campaign size from 1 to [`MAX_CAMPAIGN_SIZE`].
pub fn check_size(field: &str, size: usize) -> Result<usize, ValidationError> {
    if size == 0 || size > MAX_CAMPAIGN_SIZE {
        return Err(ValidationError::new(field, size.to_string(), format!("must be from 1 to {MAX_CAMPAIGN_SIZE}")));
    }
    Ok(size)
}

/// A campaign name: trimmed, 1–200 characters, one line.
pub fn check_name(field: &str, name: &str) -> Result<String, ValidationError> {
    let t = name.trim();
    if t.is_empty() || t.chars().count() > 200 || t.contains(['\r', '\n']) {
        return Err(ValidationError::new(field, name, "give a name of one line, 1 to 200 characters"));
    }
    Ok(t.to_string())
}

/// Characters left as they are in a `mailto:` query value (RFC 3986 unreserved); everything else is
/// percent-encoded as UTF-8, line breaks as `%0D%0A` (RFC 6068).
fn mailto_encode(s: &str, out: &mut String) {
    for b in s.replace("\r\n", "\n").replace('\n', "\r\n").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// A `mailto:` link that opens a mail program with the message filled in.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let mut out = String::from("mailto:");
    // The address keeps its `@`; anything unusual in it is encoded like the rest.
    for part in to.split('@').enumerate() {
        if part.0 > 0 {
            out.push('@');
        }
        mailto_encode(part.1, &mut out);
    }
    out.push_str("?subject=");
    mailto_encode(subject, &mut out);
    out.push_str("&body=");
    mailto_encode(body, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields {
            first_name: "Ada".into(),
            name: "Ada Lovelace".into(),
            org: "Analytical".into(),
            met_at: "the Babbage salon".into(),
            last_touch: "2026-11-02".into(),
            custom: "Loved your notes.".into(),
        }
    }

    #[test]
    fn renders_every_placeholder() {
        let t =
            Template::parse("body", "Hi {first_name} ({name}) at {org}, met at {met_at}, last {last_touch}. {custom}")
                .unwrap();
        assert_eq!(
            t.render(&fields()),
            "Hi Ada (Ada Lovelace) at Analytical, met at the Babbage salon, last 2026-11-02. Loved your notes."
        );
    }

    #[test]
    fn doubled_braces_are_literal() {
        let t = Template::parse("body", "{{first_name}} is {first_name}}}").unwrap();
        assert_eq!(t.render(&fields()), "{first_name} is Ada}");
    }

    #[test]
    fn unknown_placeholder_is_named_with_the_valid_ones() {
        let e = Template::parse("body", "Hi {firstname}!").unwrap_err();
        assert_eq!(e.field, "body");
        assert_eq!(e.value, "{firstname}");
        assert!(e.message.contains("{first_name}, {name}, {org}, {met_at}, {last_touch}, {custom}"), "{e}");
    }

    #[test]
    fn stray_braces_are_errors() {
        assert!(Template::parse("body", "Hi {first_name").unwrap_err().message.contains("never closed"));
        assert!(Template::parse("body", "Hi } there").unwrap_err().message.contains("without its"));
    }

    #[test]
    fn hiring_lifts_a_lukewarm_contact_over_a_warm_one() {
        let c = |id, name: &str, warmth, hiring| Candidate { id, name: name.into(), warmth, strength: 1.0, hiring };
        let ranked = rank(vec![c(1, "A", 0.7, false), c(2, "B", 0.5, true), c(3, "C", 0.1, false)], 2);
        assert_eq!(ranked.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn equal_warmth_goes_to_the_stronger_tie_not_the_alphabet() {
        let c = |id, name: &str, strength| Candidate { id, name: name.into(), warmth: 1.0, strength, hiring: false };
        let ranked = rank(vec![c(1, "Aaron", 0.4), c(2, "Zoë", 6.0), c(3, "Bea", 2.0)], 3);
        assert_eq!(ranked.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 3, 1]);
    }

    #[test]
    fn mailto_encodes_utf8_spaces_and_line_breaks() {
        assert_eq!(
            mailto("zoë@example.org", "Café & more?", "Hi Zoë,\nlunch?"),
            "mailto:zo%C3%AB@example.org?subject=Caf%C3%A9%20%26%20more%3F&body=Hi%20Zo%C3%AB%2C%0D%0Alunch%3F"
        );
    }

    #[test]
    fn stages_parse_with_meeting_as_booked() {
        assert_eq!(Stage::parse("stage", "Meeting").unwrap(), Stage::Booked);
        assert_eq!(Stage::parse("stage", "replied").unwrap(), Stage::Replied);
        assert!(Stage::parse("stage", "ghosted").unwrap_err().message.contains("drafted, sent"));
    }
}
