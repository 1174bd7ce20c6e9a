//! One card to one contact: which properties kith models, and which it keeps as extras.
//!
//! Modelled (and so not kept): FN, the first N, EMAIL, TEL, the first ORG, the first TITLE, the
//! URL and LinkedIn profile taken, a BDAY kith can read, CATEGORIES, NOTE and kith's own `X-KITH-*`
//! fields (circle, cadence, met at, met on, important). An EMAIL or TEL line with a label (a TYPE,
//! an Apple `itemN.` group) is also kept whole, for the writer to put back with its label. Everything else is kept
//! as an extra, ADR included (location is only its locality, region and country), and so is any
//! modelled property kith could not take whole: a second TITLE, an ORG with units, an ALTID variant
//! of N, a free-text BDAY. VERSION and PRODID belong to the producer and are dropped.

use std::collections::HashSet;

use kith_core::contact::split_name;

use super::{
    birthday,
    cards::CardText,
    check::{self, CardAt, Draft, Sourced},
    content_line::ContentLine,
    extra, value,
};
use crate::{ContactRecord, Rejected};

pub(crate) fn import(card: &CardText) -> Result<ContactRecord, Rejected> {
    let at = CardAt { line: card.line, record: card.number };
    let mut problems = Vec::new();
    if !card.closed {
        problems.push(at.problem(card.line, "END", "card is not closed: END:VCARD missing (truncated file?)"));
    }
    let mut mapper = Mapper::default();
    for (index, line) in card.lines.iter().enumerate() {
        match ContentLine::parse(&line.text) {
            Ok(parsed) => mapper.take(index, line.line, &parsed),
            Err(message) => {
                problems.push(at.problem(line.line, "content line", format!("'{}': {message}", short(&line.text))))
            }
        }
    }
    let (draft, extra) = mapper.finish();
    if let Err(e) = kith_core::contact::check_kept(&extra) {
        problems.push(at.problem(card.line, &e.field, format!("{}: {}", e.value, e.message)));
    }
    match check::finish(draft, at) {
        Ok(contact) if problems.is_empty() => Ok(ContactRecord {
            line: card.line,
            record: card.number,
            contact,
            extra,
            connected_on: None,
            raw: card.raw.clone(),
        }),
        checked => {
            problems.extend(checked.err().unwrap_or_default());
            problems.sort_by_key(|p| p.line);
            Err(Rejected { line: card.line, record: card.number, problems, raw: card.raw.clone() })
        }
    }
}

/// Collects the draft and the extras of one card, line by line.
#[derive(Debug, Default)]
struct Mapper {
    draft: Draft,
    /// The first N: the name when there is no FN.
    n: Option<Sourced>,
    /// The first N as kept (with its line's index and components): kept when it says more than
    /// kith's split of the name would.
    n_line: Option<(usize, String, Vec<String>)>,
    /// URLs wait until the end, so a LinkedIn profile given as X-SOCIALPROFILE is known first.
    urls: Vec<PendingUrl>,
    /// With the index of their line, to keep the card's order.
    extra: Vec<(usize, String)>,
    seen: HashSet<String>,
}

impl Mapper {
    fn take(&mut self, index: usize, line: usize, cl: &ContentLine<'_>) {
        let d = &mut self.draft;
        match cl.name.as_str() {
            "VERSION" | "PRODID" => {}
            "FN" => {
                let name = cl.text_value().trim().to_string();
                if d.name.is_none() && !name.is_empty() {
                    d.name = Some(Sourced::new("FN", line, name));
                } else if !name.is_empty() {
                    self.keep(index, cl);
                }
            }
            "N" if self.n.is_none() => {
                let parts = cl.components();
                let part = |i: usize| parts.get(i).map_or("", |p| p.trim());
                let name = [part(1), part(0)].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
                self.n = Some(Sourced::new("N", line, name));
                self.n_line = Some((index, extra::keep(cl), parts.iter().map(|p| p.trim().to_string()).collect()));
            }
            "EMAIL" | "TEL" => {
                if cl.name == "EMAIL" {
                    push_text(&mut d.emails, "EMAIL", line, cl.text_value());
                } else {
                    push_text(&mut d.phones, "TEL", line, tel_number(&cl.text_value()));
                }
                // Its label (TYPE=work, an Apple `itemN.` group with its X-ABLabel) lives on the
                // line: kept, so the writer can put the same line back while the value is current.
                // A VALUE type alone (`TEL;VALUE=uri`) is no label.
                if cl.group.is_some() || cl.params.iter().any(|p| p.name != "VALUE") {
                    self.keep(index, cl);
                }
            }
            "X-KITH-CIRCLE" => d.kith.circle = Some(Sourced::new("X-KITH-CIRCLE", line, cl.text_value())),
            "X-KITH-CADENCE" => d.kith.cadence_days = Some(Sourced::new("X-KITH-CADENCE", line, cl.text_value())),
            "X-KITH-MET-AT" => d.kith.met_at = Some(Sourced::new("X-KITH-MET-AT", line, cl.text_value())),
            "X-KITH-MET-ON" => d.kith.met_on = Some(Sourced::new("X-KITH-MET-ON", line, cl.text_value())),
            "X-KITH-IMPORTANT" => d.kith.important = Some(Sourced::new("X-KITH-IMPORTANT", line, cl.text_value())),
            "ORG" if d.org.is_none() => {
                let parts = cl.components();
                let first = parts.first().map_or("", |p| p.trim());
                if !first.is_empty() {
                    d.org = Some(Sourced::new("ORG", line, first));
                }
                if first.is_empty() || parts.iter().skip(1).any(|p| !p.trim().is_empty()) {
                    self.keep(index, cl);
                }
            }
            "TITLE" if d.title.is_none() => {
                let title = cl.text_value().trim().to_string();
                if !title.is_empty() {
                    d.title = Some(Sourced::new("TITLE", line, title));
                }
            }
            "ADR" => {
                let parts = cl.components();
                let location = location_from_adr(&parts);
                let taken = d.location.is_none() && location.is_some();
                if taken {
                    d.location = location.map(|l| Sourced::new("ADR", line, l));
                }
                if !(taken && is_plain_locality(cl, &parts)) {
                    self.keep(index, cl);
                }
            }
            "URL" => {
                let url = lenient_uri(&cl.decoded_value());
                self.urls.push(PendingUrl { index, line, url, kept: extra::keep(cl) });
            }
            "X-SOCIALPROFILE" if cl.has_type("linkedin") || is_linkedin(&lenient_uri(cl.raw_value)) => {
                let url = lenient_uri(&cl.decoded_value());
                if !self.take_linkedin(line, &url) {
                    self.keep(index, cl);
                }
            }
            "BDAY" if d.birthday.is_none() => match birthday::parse(cl) {
                Some(b) => d.birthday = Some(b),
                None => self.keep(index, cl),
            },
            "CATEGORIES" => {
                let tags = value::list_items(&cl.decoded_value());
                d.tags.extend(tags.into_iter().map(|t| Sourced::new("CATEGORIES", line, t)));
            }
            "NOTE" => {
                let note = cl.text_value();
                if !note.trim().is_empty() {
                    d.notes.push(Sourced::new("NOTE", line, note));
                }
            }
            _ => self.keep(index, cl),
        }
    }

    /// Takes a LinkedIn profile URL; true also when it repeats the one taken.
    fn take_linkedin(&mut self, line: usize, url: &str) -> bool {
        if !is_http(url) {
            return false;
        }
        match &self.draft.linkedin {
            None => {
                self.draft.linkedin = Some(Sourced::new("X-SOCIALPROFILE", line, url));
                true
            }
            Some(taken) => taken.value == url,
        }
    }

    fn keep(&mut self, index: usize, cl: &ContentLine<'_>) {
        self.keep_line(index, extra::keep(cl));
    }

    fn keep_line(&mut self, index: usize, line: String) {
        if self.seen.insert(line.clone()) {
            self.extra.push((index, line));
        }
    }

    fn finish(mut self) -> (Draft, Vec<String>) {
        for PendingUrl { index, line, url, kept } in std::mem::take(&mut self.urls) {
            let d = &mut self.draft;
            let repeated = [&d.linkedin, &d.website].into_iter().flatten().any(|s| s.value == url);
            if repeated {
                continue;
            }
            if is_http(&url) && is_linkedin(&url) && d.linkedin.is_none() {
                d.linkedin = Some(Sourced::new("URL", line, url));
            } else if is_http(&url) && d.website.is_none() {
                d.website = Some(Sourced::new("URL", line, url));
            } else {
                self.keep_line(index, kept);
            }
        }
        if self.draft.name.is_none() {
            self.draft.name = self.n.take().filter(|n| !n.value.is_empty());
        }
        if let (Some((index, kept, parts)), Some(name)) = (self.n_line.take(), &self.draft.name) {
            let (given, family) = split_name(&name.value);
            let said = |i: usize| parts.get(i).map_or("", String::as_str);
            let split_says_all = said(0) == family && said(1) == given && parts.iter().skip(2).all(String::is_empty);
            if !split_says_all && parts.iter().any(|p| !p.is_empty()) {
                self.keep_line(index, kept);
            }
        }
        self.extra.sort_by_key(|(index, _)| *index);
        (self.draft, self.extra.into_iter().map(|(_, line)| line).collect())
    }
}

#[derive(Debug)]
struct PendingUrl {
    index: usize,
    line: usize,
    url: String,
    /// The line as it would be kept, should the URL not be taken.
    kept: String,
}

fn push_text(into: &mut Vec<Sourced>, property: &'static str, line: usize, text: String) {
    let text = text.trim();
    if !text.is_empty() {
        into.push(Sourced::new(property, line, text));
    }
}

/// Locality, region and country of an ADR (`;;street;locality;region;code;country`), the short
/// location kith shows.
pub(crate) fn location_from_adr(parts: &[String]) -> Option<String> {
    let picked: Vec<&str> =
        [3, 4, 6].iter().filter_map(|&i| parts.get(i)).map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    (!picked.is_empty()).then(|| picked.join(", "))
}

/// `ADR:;;;Berlin;;;`, with nothing but a locality: the location says all of it, so it is not kept
/// (this is the form kith writes a location in).
fn is_plain_locality(cl: &ContentLine<'_>, parts: &[String]) -> bool {
    cl.group.is_none()
        && cl.params.is_empty()
        && parts.len() <= 7
        && parts.iter().enumerate().all(|(i, p)| i == 3 || p.trim().is_empty())
}

/// A phone number from a TEL value: `tel:` URIs lose the scheme, an `;ext=` becomes ` x…`, and the
/// URI's other parameters (phone-context, isub) are routing details, not part of the number.
pub(crate) fn tel_number(value: &str) -> String {
    let value = value.trim();
    let Some(uri) = strip_prefix_ignore_case(value, "tel:") else {
        return value.to_string();
    };
    let mut parts = uri.split(';');
    let number = parts.next().unwrap_or("");
    match parts.find_map(|p| strip_prefix_ignore_case(p, "ext=")) {
        Some(ext) => format!("{number} x{ext}"),
        None => number.to_string(),
    }
}

/// A URI value: 3.0 producers escape its commas and semicolons as if it were text.
fn lenient_uri(value: &str) -> String {
    value.trim().replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

pub(crate) fn is_http(url: &str) -> bool {
    strip_prefix_ignore_case(url, "https://").or_else(|| strip_prefix_ignore_case(url, "http://")).is_some()
}

/// Whether a URL points at linkedin.com or one of its subdomains.
pub(crate) fn is_linkedin(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("").to_ascii_lowercase();
    host == "linkedin.com" || host.ends_with(".linkedin.com")
}

fn short(text: &str) -> String {
    const SHOWN: usize = 80;
    if text.chars().count() > SHOWN {
        format!("{}…", text.chars().take(SHOWN).collect::<String>())
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_from_tel_uris() {
        assert_eq!(tel_number("tel:+1-555-555-5555;ext=5555"), "+1-555-555-5555 x5555");
        assert_eq!(tel_number("TEL:+1-555-555-5555;phone-context=example.com"), "+1-555-555-5555");
        assert_eq!(tel_number(" 67545678 "), "67545678");
    }

    #[test]
    fn locations_and_linkedin() {
        let parts: Vec<String> = ["", "", "Main St 1", "The City", "", "00000", "Country"].map(String::from).into();
        assert_eq!(location_from_adr(&parts).as_deref(), Some("The City, Country"));
        assert!(is_linkedin("https://www.linkedin.com/in/ann"));
        assert!(is_linkedin("http://LinkedIn.com"));
        assert!(!is_linkedin("https://notlinkedin.com/in/ann"));
    }
}
