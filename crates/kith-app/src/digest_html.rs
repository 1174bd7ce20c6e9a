//! The weekly digest as HTML, the e-mail's second alternative beside the plain text: the same
//! sections in the same order, everything the user typed escaped, styles inline and no images,
//! fonts or links to fetch, so it reads the same in any mail client and offline.

use std::fmt::Write as _;

use crate::{
    digest::{Digest, subject},
    views::FollowUpView,
};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const BODY: &str = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; \
    color: #1f2328; background: #ffffff; line-height: 1.5; max-width: 40em; margin: 0 auto; padding: 1em;";
const H2: &str = "font-size: 1.05em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #d0d7de;";
const URGENT: &str = "color: #a40e26; font-weight: bold;";
const MUTED: &str = "color: #57606a;";

/// The digest as an HTML document.
pub fn html(d: &Digest) -> String {
    let mut out = String::new();
    let title = escape(&subject(d));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\n\
         <body style=\"{BODY}\">\n<h1 style=\"font-size: 1.3em;\">{title}</h1>\n"
    );
    for s in &d.failing_sources {
        let _ = writeln!(out, "<p style=\"{URGENT}\"><strong>{}</strong></p>", escape(&crate::digest::failing_line(s)));
    }
    let f = &d.followups;
    if !f.due_today.is_empty() || !f.overdue.is_empty() {
        let _ = writeln!(out, "<h2 style=\"{H2} {URGENT}\">Today ({})</h2>\n<ul>", d.today);
        for x in &f.due_today {
            let _ = writeln!(
                out,
                "<li><strong style=\"{URGENT}\">{}</strong> — follow-up due today{}</li>",
                escape(&x.name),
                note(x)
            );
        }
        for x in &f.overdue {
            let late = (d.today - x.due_on).num_days();
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> — follow-up overdue since {} ({late}d){}</li>",
                escape(&x.name),
                x.due_on,
                note(x)
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(out, "<h2 style=\"{H2}\">Reach out</h2>");
    let people = crate::digest::people(&d.plan);
    if people.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", crate::digest::nobody_line(&d.plan));
    } else {
        out.push_str("<ol>\n");
        for r in people {
            let org = r.org.as_deref().map(|o| format!(", {}", escape(o))).unwrap_or_default();
            let hint = r.channel.map(|c| format!(" <span style=\"{MUTED}\">· suggest: {c}</span>")).unwrap_or_default();
            let _ = writeln!(out, "<li><strong>{}</strong>{org} — {}{hint}</li>", escape(&r.name), escape(&r.reason));
        }
        out.push_str("</ol>\n");
    }
    if !d.plan.dates.is_empty() {
        let _ = writeln!(out, "<h2 style=\"{H2}\">Dates this week</h2>\n<ul>");
        for x in &d.plan.dates {
            let _ = writeln!(
                out,
                "<li>{} {} — <strong>{}</strong>: {}</li>",
                x.on.format("%a"),
                x.on,
                escape(&x.name),
                escape(&x.reason)
            );
        }
        out.push_str("</ul>\n");
    }
    if !f.this_week.is_empty() {
        let _ = writeln!(out, "<h2 style=\"{H2}\">Follow-ups later this week</h2>\n<ul>");
        for x in &f.this_week {
            let _ = writeln!(
                out,
                "<li>{} {} — <strong>{}</strong>{}</li>",
                x.due_on.format("%a"),
                x.due_on,
                escape(&x.name),
                note(x)
            );
        }
        out.push_str("</ul>\n");
    }
    if !d.goals.is_empty() {
        let _ = writeln!(
            out,
            "<h2 style=\"{H2}\">Goals</h2>\n<table style=\"border-collapse: collapse;\">\n\
             <tr><th scope=\"col\" style=\"text-align: left; padding-right: 1em;\">Goal</th>\
             <th scope=\"col\" style=\"text-align: right; padding-right: 1em;\">This period</th>\
             <th scope=\"col\" style=\"text-align: right; padding-right: 1em;\">Streak</th>\
             <th scope=\"col\" style=\"text-align: right;\">Best</th></tr>"
        );
        for g in &d.goals {
            let tick = if g.met { " ✓" } else { "" };
            let _ = writeln!(
                out,
                "<tr><td style=\"padding-right: 1em;\">{}</td>\
                 <td style=\"text-align: right; padding-right: 1em;\">{} / {}{tick} this {}</td>\
                 <td style=\"text-align: right; padding-right: 1em;\">{}</td><td style=\"text-align: right;\">{}</td></tr>",
                escape(&g.description),
                g.done,
                g.target,
                g.period,
                g.current_streak,
                g.best_streak
            );
        }
        out.push_str("</table>\n");
    }
    let nudges = crate::digest::nudges(&d.plan);
    if !nudges.is_empty() {
        out.push_str("<ul style=\"margin-top: 1.4em;\">\n");
        for nudge in nudges {
            let _ = writeln!(out, "<li>{}</li>", escape(nudge));
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(out, "<p style=\"{MUTED} font-size: 0.9em;\">Sent by kith for the week of {}.</p>", d.week_of);
    out.push_str("</body></html>\n");
    out
}

fn note(f: &FollowUpView) -> String {
    f.note.as_deref().map(|n| format!(": {}", escape(n))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_what_the_user_typed_is_escaped() {
        assert_eq!(escape(r#"<b>Tom & "Jerry's"</b>"#), "&lt;b&gt;Tom &amp; &quot;Jerry&#39;s&quot;&lt;/b&gt;");
    }
}
