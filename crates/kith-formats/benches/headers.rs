//! The header reader of the mailbox sync and the mbox import, beside mail-parser (a well-kept MIME
//! parser) doing the same work on the same header sections: from, to, cc, date, subject,
//! Message-ID and References, with names and encoded words decoded, and what a touch keeps owned. The sections are what an IMAP server answers
//! to `BODY.PEEK[HEADER.FIELDS (…)]`. `cargo bench -p kith-formats --bench headers`

use std::{fmt::Write, sync::LazyLock};

use divan::{Bencher, black_box, counter::ItemsCount};
use kith_formats::mail::read_message;

const SECTIONS: usize = 10_000;

static HEADERS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| generate(SECTIONS));

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn kith_read_message(bencher: Bencher) {
    let sections = &*HEADERS;
    bencher.counter(ItemsCount::new(sections.len())).bench(|| {
        let mut people = 0;
        for s in sections {
            let m = read_message(black_box(s), 1).unwrap();
            people += m.to.len() + m.names.len() + usize::from(m.subject.is_some());
        }
        people
    });
}

#[divan::bench(sample_count = 20)]
fn mail_parser_parse_headers(bencher: Bencher) {
    let sections = &*HEADERS;
    let parser = mail_parser::MessageParser::new();
    bencher.counter(ItemsCount::new(sections.len())).bench(|| {
        let mut people = 0;
        for s in sections {
            let m = parser.parse_headers(black_box(s)).unwrap();
            let date = m.date().map(|d| d.day);
            let addresses = [m.from(), m.to(), m.cc()]
                .into_iter()
                .flatten()
                .flat_map(|a| a.iter())
                // Owned, lower-cased addresses and owned names: what a touch keeps.
                .map(|a| (a.address().map(str::to_lowercase), a.name().map(str::to_string)))
                .map(|(address, name)| address.map_or(0, |a| a.len()) + name.map_or(0, |n| n.len()))
                .sum::<usize>();
            // Owned as a touch keeps them: its key, subject and the ids it replies to.
            let key = m.message_id().map(|id| format!("mid:{id}"));
            let subject = m.subject().map(str::to_string);
            let replies_to: Vec<String> = [m.in_reply_to(), m.references()]
                .into_iter()
                .flat_map(|ids| match ids {
                    mail_parser::HeaderValue::Text(id) => vec![id.to_string()],
                    mail_parser::HeaderValue::TextList(list) => list.iter().map(|id| id.to_string()).collect(),
                    _ => Vec::new(),
                })
                .collect();
            people += addresses + subject.map_or(0, |s| s.len()) + key.map_or(0, |k| k.len()) + replies_to.len();
            people += usize::from(date.is_some());
        }
        people
    });
}

/// Header sections as an IMAP server sends them: a few recipients, display names (some encoded),
/// an encoded subject now and then, a thread's References.
fn generate(count: usize) -> Vec<Vec<u8>> {
    const PEOPLE: [&str; 6] = [
        "\"Okafor, Bola\" <bola@partner.example>",
        "Chen Wei <chen.wei@example.net>",
        "=?ISO-8859-1?Q?Jos=E9_M=FCller?= <jose.mueller@example.de>",
        "dora@example.com",
        "=?UTF-8?B?w4lsb2RpZSBNYXJ0aW4=?= <elodie@example.fr>",
        "Frank <frank@example.com>",
    ];
    (0..count)
        .map(|i| {
            let mut s = String::new();
            let _ = write!(
                s,
                "From: {}\r\nTo: {}, {}\r\nCc: {}\r\nDate: Mon, {} Mar 2026 10:{:02}:00 +0100\r\n\
                 Subject: {}\r\nMessage-ID: <{i}.{}@mail.example.org>\r\nReferences: <{}@x.example> <{}@y.example>\r\n\r\n",
                PEOPLE[i % 6],
                PEOPLE[(i + 1) % 6],
                PEOPLE[(i + 2) % 6],
                PEOPLE[(i + 3) % 6],
                1 + i % 28,
                i % 60,
                if i % 3 == 0 { "=?UTF-8?Q?Re:_caf=C3=A9_on_Thursday?=" } else { "Re: the plan for next week" },
                i * 7,
                i.wrapping_sub(1),
                i.wrapping_sub(2),
            );
            s.into_bytes()
        })
        .collect()
}
