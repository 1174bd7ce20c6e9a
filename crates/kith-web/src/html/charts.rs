//! Charts drawn on the server as SVG: no script, no library, readable without colour (each chart
//! has a text equivalent next to it), and styled by the page's stylesheet so dark mode follows.

use std::fmt::Write as _;

use chrono::NaiveDate;
use kith_core::{
    Circle,
    health::{StatusCounts, WeekCount},
};

/// Escapes text placed in SVG markup.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// One horizontal bar per circle, split into warm, cooling, cold and new by share of the circle.
pub fn status_by_circle(rows: &[(Circle, StatusCounts)]) -> String {
    let (label_w, bar_w, row_h) = (70.0, 250.0, 26.0);
    let height = row_h * rows.len() as f64 + 4.0;
    let summary: Vec<String> = rows
        .iter()
        .map(|(c, n)| format!("{c}: {} warm, {} cooling, {} cold, {} new", n.warm, n.cooling, n.cold, n.new))
        .collect();
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {} {height}" role="img" aria-label="{}"><title>Warmth by circle</title>"#,
        label_w + bar_w + 50.0,
        esc(&summary.join("; "))
    );
    for (i, (circle, n)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let total = n.total();
        let _ = write!(svg, r#"<text x="0" y="{}">{}</text>"#, y + 14.0, esc(circle.as_str()));
        let mut x = label_w;
        for (class, count) in [("warm", n.warm), ("cooling", n.cooling), ("cold", n.cold), ("new", n.new)] {
            if total == 0 || count == 0 {
                continue;
            }
            let w = bar_w * count as f64 / total as f64;
            let _ = write!(svg, r#"<rect class="{class}" x="{x:.1}" y="{y}" width="{w:.1}" height="18" rx="2"/>"#);
            x += w;
        }
        if total == 0 {
            let _ = write!(svg, r#"<rect class="new" x="{label_w}" y="{y}" width="{bar_w}" height="18" rx="2"/>"#);
        }
        let _ = write!(svg, r#"<text x="{}" y="{}">{total}</text>"#, label_w + bar_w + 6.0, y + 14.0);
    }
    svg.push_str("</svg>");
    svg
}

/// Touches per week as bars, oldest first.
pub fn weekly_touches(weeks: &[WeekCount]) -> String {
    let (w, h) = (520.0, 90.0);
    let max = weeks.iter().map(|wk| wk.touches).max().unwrap_or(0).max(1) as f64;
    let slot = w / weeks.len().max(1) as f64;
    let total: u64 = weeks.iter().map(|wk| wk.touches).sum();
    let first = weeks.first().map(|wk| wk.week_of.to_string()).unwrap_or_default();
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {}" role="img" aria-label="{total} touches over {} weeks since {first}; busiest week {max}"><title>Touches per week</title>"#,
        h + 16.0,
        weeks.len()
    );
    for (i, wk) in weeks.iter().enumerate() {
        let bh = (wk.touches as f64 / max) * h;
        let _ = write!(
            svg,
            r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" rx="1"><title>week of {}: {}</title></rect>"#,
            i as f64 * slot + 1.0,
            h - bh,
            (slot - 2.0).max(1.0),
            wk.week_of,
            wk.touches
        );
    }
    let _ = write!(svg, r#"<line class="axis" x1="0" y1="{h}" x2="{w}" y2="{h}"/>"#);
    let _ = write!(svg, r#"<text x="0" y="{}">{}</text>"#, h + 13.0, esc(&first));
    svg.push_str("</svg>");
    svg
}

/// A contact's warmth over time, with the 0.5 line below which a contact is due.
pub fn warmth_history(points: &[(NaiveDate, f64)]) -> String {
    let (w, h) = (520.0, 80.0);
    let n = points.len().max(2) as f64 - 1.0;
    let coords: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", i as f64 / n * w, h - v.clamp(0.0, 1.0) * h))
        .collect();
    let (from, to) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (a.0.to_string(), b.0.to_string()),
        _ => (String::new(), String::new()),
    };
    let now = points.last().map(|p| p.1).unwrap_or(0.0);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {}" role="img" aria-label="Warmth from {from} to {to}, now {:.0}%"><title>Warmth over the last year</title>"#,
        h + 16.0,
        now * 100.0
    );
    if !coords.is_empty() {
        let _ = write!(svg, r#"<polygon class="area" points="0,{h} {} {w},{h}"/>"#, coords.join(" "));
        let _ = write!(svg, r#"<polyline class="line" points="{}"/>"#, coords.join(" "));
    }
    let _ = write!(svg, r#"<line class="threshold" x1="0" y1="{}" x2="{w}" y2="{}"/>"#, h / 2.0, h / 2.0);
    let _ = write!(svg, r#"<text x="0" y="{}">{}</text>"#, h + 13.0, esc(&from));
    let _ = write!(svg, r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#, w, h + 13.0, esc(&to));
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_split_by_share_and_text_is_escaped() {
        let counts = StatusCounts { warm: 3, cooling: 1, cold: 0, new: 0 };
        let svg = status_by_circle(&[(Circle::Inner, counts)]);
        assert!(svg.contains(r#"class="warm" x="70.0" y="4" width="187.5""#), "{svg}");
        assert!(svg.contains(r#"class="cooling" x="257.5""#), "{svg}");
        assert!(!svg.contains("class=\"cold\""));
        assert!(svg.contains("inner: 3 warm, 1 cooling"));
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
    }

    #[test]
    fn an_empty_history_still_draws_the_threshold() {
        let svg = warmth_history(&[]);
        assert!(svg.contains("threshold"));
        assert!(!svg.contains("polyline"));
    }
}
