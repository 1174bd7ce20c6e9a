//! `kith serve` and `kith feed` as a user runs them: real processes, a real port.

mod support;

use std::{
    io::{Read, Write},
    net::TcpStream,
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A plain HTTP/1.1 GET: status code and body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).ok()?;
    let status = raw.split(' ').nth(1)?.parse().ok()?;
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Some((status, body))
}

/// One raw HTTP/1.1 request to `ip:port`: the whole answer (status line, headers, body).
fn exchange(ip: &str, port: u16, request: &str) -> Option<String> {
    let mut s = TcpStream::connect((ip, port)).ok()?;
    s.write_all(request.as_bytes()).ok()?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).ok()?;
    Some(raw)
}

fn status_of(answer: &str) -> u16 {
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// `kith serve` on a port, stopped when dropped.
struct Server(Child);

impl Server {
    fn start(kith: &Kith, port: u16, extra: &[&str]) -> Server {
        let addr = format!("127.0.0.1:{port}");
        let mut args = vec!["serve", "--addr", &addr];
        args.extend_from_slice(extra);
        Server::start_command(&mut kith.command(&args), port)
    }

    fn start_command(command: &mut std::process::Command, port: u16) -> Server {
        let server = Server(command.stdout(Stdio::null()).spawn().unwrap());
        let started = Instant::now();
        while get(port, "/healthz").is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "kith serve did not answer");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_cli_writes_while_the_server_runs_and_the_server_sees_it() {
    both_backends(|kith| {
        kith.ok(&["add", "Ada Lovelace"]);
        let port = free_port();
        let _server = Server::start(kith, port, &[]);
        let (status, body) = get(port, "/api/v1/contacts").unwrap();
        assert_eq!(status, 200);
        assert!(body.contains("Ada Lovelace"));
        // Writes from the CLI while the server holds the database open never fail.
        for i in 0..5 {
            kith.ok(&["add", &format!("Person {i}")]);
            kith.ok(&["log", "Ada", "--kind", "email", "--on", "2026-11-20"]);
        }
        // The dashboard follows within moments (the first look may get the previous reports while
        // the new ones are computed).
        let started = Instant::now();
        while !get(port, "/").unwrap().1.contains("Person 4") {
            assert!(started.elapsed() < Duration::from_secs(10), "the dashboard never followed the CLI's writes");
            std::thread::sleep(Duration::from_millis(50));
        }
        let (_, ada) = get(port, "/api/v1/contacts/1").unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&ada).unwrap()["interactions"].as_array().unwrap().len(),
            5
        );
    });
}

#[test]
fn listening_beyond_loopback_needs_a_token() {
    let kith = Kith::sqlite();
    let err = kith.fails(1, &["serve", "--addr", "0.0.0.0:0"]);
    assert!(err.contains("--addr '0.0.0.0:0'") && err.contains("KITH_TOKEN"), "{err}");
    let err = kith.fails(1, &["serve", "--addr", "0.0.0.0:0", "--token", "short"]);
    assert!(err.contains("--token") && err.contains("16 characters"), "{err}");
    let err = kith.fails(1, &["serve", "--addr", "not an address"]);
    assert!(err.contains("--addr 'not an address'"), "{err}");
}

#[test]
fn the_demo_server_never_touches_the_users_database() {
    let kith = Kith::sqlite();
    let port = free_port();
    {
        let _server = Server::start(&kith, port, &["--demo", "--contacts", "50"]);
        let (status, body) = get(port, "/api/v1/health").unwrap();
        assert_eq!(status, 200);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["contacts"], 50);
    }
    assert!(!kith.path().exists(), "--demo never opens the database --db names");
}

#[test]
fn the_feed_url_is_stable_until_rotated() {
    both_backends(|kith| {
        let url = kith.ok(&["feed", "url"]);
        let url = url.trim();
        assert!(url.starts_with("http://127.0.0.1:7878/feed/") && url.ends_with(".ics"), "{url}");
        assert_eq!(kith.ok(&["feed", "url"]).trim(), url);
        let json = kith.json(&["feed", "url", "--base-url", "https://kith.example.org/"]);
        let token = url.trim_start_matches("http://127.0.0.1:7878/feed/");
        assert_eq!(json["url"], format!("https://kith.example.org/feed/{token}"));
        let rotated = kith.ok(&["feed", "rotate"]);
        assert_ne!(rotated.trim(), url);
        assert_eq!(kith.ok(&["feed", "url"]).trim(), rotated.trim());
    });
}

#[test]
fn the_served_feed_answers_at_the_printed_address() {
    let kith = Kith::sqlite();
    kith.ok(&["add", "Ada Lovelace", "--birthday", "1815-12-10"]);
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let url = kith.ok(&["feed", "url", "--addr", &addr]);
    let _server = Server::start(&kith, port, &[]);
    let path = url.trim().trim_start_matches(&format!("http://{addr}"));
    let (status, body) = get(port, path).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("BEGIN:VCALENDAR") && body.contains("Ada Lovelace"));
}

/// The address `serve` prints is one it answers, on any loopback or other address; names other
/// than addresses and `localhost` need --host (DNS rebinding). Wrong tokens are counted per address.
#[test]
fn the_printed_address_answers_other_names_are_refused_and_guessing_pauses() {
    let kith = Kith::sqlite();
    let port = free_port();
    let addr = format!("127.0.0.2:{port}");
    let token = "a-token-of-at-least-sixteen";
    let mut server = kith
        .command(&["serve", "--addr", &addr, "--token", token])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let get_path = |path: &str, host: &str, extra: &str| {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n");
        exchange("127.0.0.2", port, &request)
    };
    let get = |host: &str, extra: &str| get_path("/contacts", host, extra);
    while get(&addr, "").is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "kith serve did not answer");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut printed = String::new();
    let mut err = server.stderr.take().unwrap();
    let mut byte = [0u8; 1];
    while !printed.ends_with('\n') && err.read(&mut byte).unwrap_or(0) == 1 {
        printed.push(byte[0] as char);
    }
    assert!(printed.contains(&format!("http://{addr}")), "{printed}");
    let answer = get(&addr, "").unwrap();
    assert_eq!(status_of(&answer), 303, "the printed address asks for the token: {answer}");
    assert_eq!(status_of(&get(&format!("localhost:{port}"), "").unwrap()), 303);
    let rebound = get(&format!("attacker.example:{port}"), "").unwrap();
    assert_eq!(status_of(&rebound), 403, "{rebound}");
    assert!(rebound.contains("--host attacker.example"));
    let bearer = |t: &str| get_path("/api/v1/contacts", &addr, &format!("Authorization: Bearer {t}\r\n")).unwrap();
    assert_eq!(status_of(&bearer(token)), 200);
    for _ in 0..4 {
        assert_eq!(status_of(&bearer("guess")), 401);
    }
    let paused = bearer("guess");
    assert_eq!(status_of(&paused), 429, "{paused}");
    assert!(paused.to_ascii_lowercase().contains("retry-after: "));
    assert_eq!(status_of(&bearer(token)), 429, "the pause holds for the right token too");
    let _ = server.kill();
    let _ = server.wait();
}

/// The environment a running process started with, as `NAME=value` strings.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn environment_of(pid: u32) -> Vec<String> {
    let raw = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    raw.split(|b| *b == 0).map(|v| String::from_utf8_lossy(v).into_owned()).collect()
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_server_gives_freed_memory_back_and_keeps_the_users_own_allocator_settings() {
    let kith = Kith::sqlite();
    let port = free_port();
    let mut command = kith.command(&["serve", "--addr", &format!("127.0.0.1:{port}")]);
    let server = Server::start_command(command.env_remove("GLIBC_TUNABLES"), port);
    let env = environment_of(server.0.id());
    let tunables = env.iter().find(|v| v.starts_with("GLIBC_TUNABLES=")).expect("set by kith serve");
    // glibc cuts the string it parsed in place, so the process shows its first tunable only.
    assert!(tunables.starts_with("GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072"), "{tunables}");
    drop(server);

    let port = free_port();
    let mut command = kith.command(&["serve", "--addr", &format!("127.0.0.1:{port}")]);
    let server = Server::start_command(command.env("GLIBC_TUNABLES", "glibc.malloc.arena_max=1"), port);
    assert!(environment_of(server.0.id()).contains(&"GLIBC_TUNABLES=glibc.malloc.arena_max=1".to_string()));
}

#[test]
fn a_json_log_explains_each_request_by_route_without_what_was_typed() {
    let kith = Kith::sqlite();
    kith.ok(&["add", "Ada Lovelace"]);
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let log = kith.path().with_extension("log");
    let mut command = kith.command(&["serve", "--addr", &addr, "--log-format", "json"]);
    command.env("RUST_LOG", "kith_web=debug,kith_store=debug").stderr(std::fs::File::create(&log).unwrap());
    let server = Server::start_command(&mut command, port);
    assert_eq!(get(port, "/contacts/1").unwrap().0, 200);
    assert_eq!(get(port, "/contacts?q=lovelace").unwrap().0, 200);
    drop(server);
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    let closed = |name: &str| lines.iter().any(|l| l["fields"]["message"] == "close" && l["span"]["name"] == name);
    let request = lines
        .iter()
        .find(|l| {
            l["span"]["name"] == "request"
                && l["span"]["route"] == "/contacts/{id}"
                && l["fields"]["message"] == "close"
        })
        .unwrap_or_else(|| panic!("no closed request span for /contacts/{{id}} in:\n{text}"));
    assert_eq!(request["span"]["method"], "GET");
    assert_eq!(request["span"]["status"], 200);
    assert!(request["span"]["ms"].as_f64().is_some(), "{request}");
    assert!(closed("profile"), "the page's store call is logged with its duration:\n{text}");
    assert!(!text.contains("lovelace"), "what the user searched for stays out of the log:\n{text}");
}

#[test]
fn with_accounts_everyone_signs_in_as_themselves() {
    both_backends(|kith| {
        kith.ok(&["add", "Ada Lovelace"]);
        let mut add = kith.command(&["user", "add", "ada@example.org", "--admin", "--password-stdin"]);
        let mut child = add.stdin(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"analytical engine notes\n").unwrap();
        assert!(child.wait_with_output().unwrap().status.success());
        let err = kith.fails(1, &["serve", "--token", "0123456789abcdef0123"]);
        assert!(err.contains("--token: this database has accounts"), "{err}");

        let port = free_port();
        let _server = Server::start(kith, port, &[]);
        let (status, _) = get(port, "/contacts").unwrap();
        assert_eq!(status, 303, "signed out, the pages send to the sign-in page");
        let body = "email=ada%40example.org&password=analytical+engine+notes&next=%2Fcontacts";
        let request = format!(
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let answer = exchange("127.0.0.1", port, &request).unwrap();
        assert_eq!(status_of(&answer), 303, "{answer}");
        let cookie = answer
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_string();
        let page = format!(
            "GET /contacts HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        );
        let answer = exchange("127.0.0.1", port, &page).unwrap();
        assert_eq!(status_of(&answer), 200);
        assert!(answer.contains("Ada Lovelace"), "the first account holds the network kith had");
    });
}
