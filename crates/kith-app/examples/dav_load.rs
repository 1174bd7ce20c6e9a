//! The CardDAV load client of `scripts/bench-dav.sh`, in Rust so the client costs little beside
//! the server it measures: the same requests against kith, Radicale and Xandikos, eight
//! connections at a time, on one thread (the machine's other cores are the server's).
//!
//!     dav_load get URL SECONDS [USER PASS]   GET random cards of the collection; prints GET/s
//!     dav_load put URL DIR [USER PASS]       PUT every card of DIR (If-None-Match: *); prints PUT/s
//!     dav_load same URL SECONDS [USER PASS]  GET the one URL again and again; prints GET/s (what a
//!                                            request costs before any card is read)
//!
//! A request that does not succeed stops the run with what the server answered.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use reqwest::{Client, Method, RequestBuilder};

const CONNECTIONS: usize = 8;

struct Target {
    client: Client,
    url: String,
    origin: String,
    credentials: Option<(String, String)>,
}

impl Target {
    fn new(url: &str, credentials: Option<(String, String)>) -> Target {
        let client = Client::builder().pool_max_idle_per_host(CONNECTIONS).build().expect("an HTTP client");
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let origin =
            url[..after_scheme + url[after_scheme..].find('/').unwrap_or(url.len() - after_scheme)].to_string();
        Target { client, url: url.to_string(), origin, credentials }
    }

    fn request(&self, method: Method, url: &str) -> RequestBuilder {
        let request = self.client.request(method, url);
        match &self.credentials {
            Some((user, pass)) => request.basic_auth(user, Some(pass)),
            None => request,
        }
    }

    /// The cards' paths, from a PROPFIND of the collection at depth 1.
    async fn hrefs(&self) -> Vec<String> {
        let body = r#"<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"#;
        let listing = self
            .request(Method::from_bytes(b"PROPFIND").unwrap(), &self.url)
            .header("Depth", "1")
            .header("Content-Type", "application/xml")
            .body(body)
            .send()
            .await
            .expect("the server answers")
            .text()
            .await
            .expect("a listing");
        let hrefs: Vec<String> = listing
            .split("href>")
            // `<d:href>…</d:href>`, whatever the prefix.
            .filter_map(|part| part.find("</").map(|end| &part[..end]))
            .filter(|h| h.ends_with(".vcf"))
            .map(str::to_string)
            .collect();
        assert!(!hrefs.is_empty(), "no cards listed at {}: {}", self.url, &listing[..listing.len().min(300)]);
        hrefs
    }
}

async fn get_for(target: Arc<Target>, seconds: f64, same: bool) -> f64 {
    let hrefs = Arc::new(if same { vec![target.url[target.origin.len()..].to_string()] } else { target.hrefs().await });
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|w| {
            let (target, hrefs, done) = (target.clone(), hrefs.clone(), done.clone());
            tokio::spawn(async move {
                let mut seed = 0x9E37_79B9_7F4A_7C15_u64 ^ (w as u64 + 1);
                while Instant::now() < deadline {
                    // xorshift: a different card each time, the same sequence each run.
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let href = &hrefs[(seed % hrefs.len() as u64) as usize];
                    let answer = target.request(Method::GET, &format!("{}{href}", target.origin)).send().await;
                    let answer = answer.expect("the server answers");
                    let status = answer.status();
                    answer.bytes().await.expect("a body");
                    assert!(status.is_success(), "GET {href} answered {status}");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("a worker");
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

async fn put_all(target: Arc<Target>, folder: &str) -> f64 {
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(folder).expect("the cards' folder").map(|e| e.expect("an entry").path()).collect();
    files.sort();
    let cards: Arc<Vec<(String, Vec<u8>)>> = Arc::new(
        files
            .iter()
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(p).expect("a card")))
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (target, cards, next) = (target.clone(), cards.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((name, body)) = cards.get(i) else { break };
                    let answer = target
                        .request(Method::PUT, &format!("{}{name}", target.url))
                        .header("Content-Type", "text/vcard")
                        .header("If-None-Match", "*")
                        .body(body.clone())
                        .send()
                        .await
                        .expect("the server answers");
                    let status = answer.status();
                    let said = answer.text().await.unwrap_or_default();
                    assert!(status.as_u16() == 201 || status.as_u16() == 204, "PUT {name} answered {status}: {said}");
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("a worker");
    }
    cards.len() as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: dav_load get|same URL SECONDS [USER PASS] | dav_load put URL DIR [USER PASS]";
    let (Some(command), Some(url), Some(what)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let credentials = args.get(3).zip(args.get(4)).map(|(u, p)| (u.clone(), p.clone()));
    let target = Arc::new(Target::new(url, credentials));
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    let rate = match command.as_str() {
        "get" | "same" => {
            runtime.block_on(get_for(target, what.parse().expect("SECONDS is a number"), command == "same"))
        }
        "put" => runtime.block_on(put_all(target, what)),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    println!("{rate:.1}");
}
