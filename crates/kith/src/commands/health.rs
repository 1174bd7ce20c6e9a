//! `health`.

use kith_core::Circle;

use crate::{
    context::Ctx,
    error::CliResult,
    output::{percent, print_json, print_table},
};

pub async fn health(ctx: &Ctx) -> CliResult<()> {
    let h = kith_store::reports::health(ctx.store.as_ref(), ctx.today).await?;
    if ctx.json {
        return print_json(&h);
    }
    let st = &ctx.style;
    say!("{}", st.heading(&format!("Network health on {}", h.today)));
    if h.contacts == 0 {
        say!(
            "  No contacts yet: add the people you keep up with (kith add, kith import), and their health shows here."
        );
        return Ok(());
    }
    say!(
        "  {} contacts ({} archived) · {} of the kept-up network is warm · {} lost touch",
        h.contacts,
        h.archived,
        percent(h.warm_share),
        h.lost
    );
    say!();
    let mut table = st.table(&["CIRCLE", "WARM", "COOLING", "COLD", "NEW", "TOTAL"]);
    for circle in Circle::ALL {
        let c = h.by_circle.get(&circle).copied().unwrap_or_default();
        table.add_row(vec![
            circle.to_string(),
            c.warm.to_string(),
            c.cooling.to_string(),
            c.cold.to_string(),
            c.new.to_string(),
            c.total().to_string(),
        ]);
    }
    let t = h.by_status;
    table.add_row(vec![
        "all".into(),
        t.warm.to_string(),
        t.cooling.to_string(),
        t.cold.to_string(),
        t.new.to_string(),
        t.total().to_string(),
    ]);
    print_table(&table, "")?;
    say!();
    let trend = match h.touches_last_4_weeks.cmp(&h.touches_previous_4_weeks) {
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Equal => "steady",
    };
    say!(
        "  Touches, last 4 weeks: {} (4 weeks before: {}, {trend})",
        h.touches_last_4_weeks,
        h.touches_previous_4_weeks
    );
    let weekly: Vec<u64> = h.touches_per_week.iter().map(|w| w.touches).collect();
    say!("  Last 52 weeks: {}", sparkline(&weekly));
    if !h.cooling_close.is_empty() {
        say!();
        say!("{}", st.heading("Cooling in your inner and close circles"));
        for m in &h.cooling_close {
            say!("  {} (#{}, {}) — {} {}", m.name, m.id, m.circle, st.status_word(m.status), percent(m.warmth));
        }
    }
    if !h.newest.is_empty() {
        say!();
        say!("{}", st.heading("Newest contacts"));
        for m in &h.newest {
            say!("  {} (#{}) added {}", m.name, m.id, m.added_on);
        }
    }
    Ok(())
}

/// One block character per value, scaled to the largest.
fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values.iter().map(|&v| if v == 0 { ' ' } else { BARS[((v * 7) / max) as usize] }).collect()
}
