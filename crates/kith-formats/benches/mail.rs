//! Reading a large mbox: the issue asks for a 100,000-message mailbox (about 200 MB) to import in
//! under 10 s end to end; this measures the reader's share. `cargo bench -p kith-formats --bench mail`

use std::{fmt::Write, sync::LazyLock};

use divan::{Bencher, black_box, counter::BytesCount};
use kith_formats::mail::read_mbox;

const MESSAGES: usize = 100_000;

static MBOX: LazyLock<Vec<u8>> = LazyLock::new(|| generate(MESSAGES));

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_100k_message_mbox(bencher: Bencher) {
    let bytes: &[u8] = &MBOX;
    let file = read_mbox(bytes).unwrap();
    assert_eq!(file.touches.len(), MESSAGES, "every generated message is a touch");
    bencher.counter(BytesCount::new(bytes.len())).bench(|| read_mbox(black_box(bytes)).unwrap());
}

/// A sent-mail mbox of `count` messages of about 2 kB each, shaped like a real one: relay headers,
/// threads, encoded subjects and names, quoted `>From ` lines, now and then a base64 attachment.
fn generate(count: usize) -> Vec<u8> {
    const PEOPLE: [&str; 8] = [
        "\"Okafor, Bola\" <bola@partner.example>",
        "Chen Wei <chen.wei@example.net>",
        "=?ISO-8859-1?Q?Jos=E9_M=FCller?= <jose.mueller@example.de>",
        "dora@example.com",
        "Eve Adams <eve@example.com>",
        "=?UTF-8?B?w4lsb2RpZSBNYXJ0aW4=?= <elodie@example.fr>",
        "Frank <frank@example.com>",
        "grace@example.com",
    ];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let paragraph = "Thanks again for the conversation last week. I have been thinking about what you said \
                     about the team and the move to the new platform, and I would love to hear how it went.\n";
    let attachment = "QmluYXJ5IGF0dGFjaG1lbnQgZGF0YSB0aGF0IG5vYm9keSBuZWVkcyB0byByZWFkIGF0IGFsbC4uLi4u\n".repeat(12);
    let mut out = String::with_capacity(count * 2100);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..count {
        let r = next();
        let (day, month, year) = (1 + r % 28, MONTHS[(r >> 8) as usize % 12], 2015 + (r >> 16) % 11);
        let (hour, minute) = ((r >> 24) % 24, (r >> 32) % 60);
        let to = PEOPLE[(r >> 40) as usize % PEOPLE.len()];
        let cc = PEOPLE[(r >> 44) as usize % PEOPLE.len()];
        let _ = write!(
            out,
            "From ann.lee@example.org Mon {month} {day:2} {hour:02}:{minute:02}:00 {year}\n\
             Return-Path: <ann.lee@example.org>\n\
             Received: from mail.example.org (mail.example.org [192.0.2.1])\n\tby mx.example.org with ESMTPS id {r:x}\n\tfor <{i}@example.net>; {day} {month} {year} {hour:02}:{minute:02}:00 +0000\n\
             Message-ID: <{r:x}.{i}@mail.example.org>\n\
             Date: Mon, {day} {month} {year} {hour:02}:{minute:02}:00 +0100\n\
             From: Ann Lee <ann.lee@example.org>\n\
             To: {to}\n\
             Cc: {cc}, ann.lee@example.org\n\
             Subject: =?UTF-8?Q?Re:_caf=C3=A9_and_catch-up_{i}?=\n"
        );
        if i % 3 == 0 {
            let _ = write!(
                out,
                "In-Reply-To: <{}.prev@partner.example>\nReferences: <{i}.a@x.org>\n <{i}.b@x.org>\n",
                i / 3
            );
        }
        out.push_str("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nX-Mailer: kith-bench\n\n");
        for _ in 0..6 {
            out.push_str(paragraph);
        }
        out.push_str("\n>From the archive: an old line quoted by the mbox writer.\n\n");
        out.push_str(if i % 10 == 0 { &attachment } else { paragraph });
        out.push_str("\nAnn\n\n");
    }
    out.into_bytes()
}
