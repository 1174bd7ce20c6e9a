//! Benchmarks of the CSV readers.
//!
//! Run with `cargo bench -p kith-formats --bench csv`. Reading LinkedIn's cap of 30,000 connections
//! is part of the < 1 s budget of a whole `kith import linkedin`, so it must take a small part of
//! it. Inputs are generated from a fixed seed, so every run measures the same file.

use divan::{Bencher, black_box};
use kith_formats::csv::linkedin;

fn main() {
    divan::main();
}

/// xorshift64*: enough randomness for benchmark inputs, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST: &[&str] =
    &["Ada", "Grace", "Priya", "José", "Zoë", "Kenji", "Amara", "Lars", "Mei", "Olu", "Sofia", "Björn"];
const LAST: &[&str] =
    &["Lovelace", "Hopper", "Raman", "Núñez", "Ångström", "Watanabe", "Okafor", "Nilsson", "Chen", "Adeyemi", "Rossi"];
const COMPANIES: &[&str] = &[
    "Stripe",
    "\"Müller, Schmidt & Co. KG\"",
    "Google",
    "\"Acme, Inc.\"",
    "Siemens AG",
    "Self-employed",
    "\"Huawei Technologies Co., Ltd.\"",
    "",
];
const POSITIONS: &[&str] = &[
    "Senior Software Engineer",
    "\"Director, Product\"",
    "Recruiter",
    "Head of Design",
    "CTO",
    "\"Partner, Engineering\"",
    "Data Scientist",
];
const MONTHS: &[&str] = &["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A Connections.csv of `rows` connections, as LinkedIn writes it: notes, a blank line, the header,
/// then rows where most e-mails are empty and a few URLs are missing.
fn connections_csv(rows: usize) -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::from(
        "\u{feff}Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses \
         are missing. You will only see email addresses for connections who have allowed it.\"\r\n\r\n\
         First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
    );
    for i in 0..rows {
        let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
        let slug = format!("{}-{}-{i:x}", first.to_lowercase(), last.to_lowercase());
        let url = if rng.chance(97) { format!("https://www.linkedin.com/in/{slug}") } else { String::new() };
        let email = if rng.chance(12) { format!("{slug}@example.com") } else { String::new() };
        let date = format!("{:02} {} {}", 1 + rng.next() % 28, rng.pick(MONTHS), 2008 + rng.next() % 18);
        let (company, position) = (rng.pick(COMPANIES), rng.pick(POSITIONS));
        out.push_str(&format!("{first},{last},{url},{email},{company},{position},{date}\r\n"));
    }
    out.into_bytes()
}

#[divan::bench(args = [1_000, 30_000])]
fn linkedin_read(bencher: Bencher, rows: usize) {
    let file = connections_csv(rows);
    bencher.counter(divan::counter::BytesCount::new(file.len())).bench(|| {
        let read = linkedin::read(black_box(&file)).unwrap();
        assert_eq!(read.records.len(), rows);
        read
    });
}
