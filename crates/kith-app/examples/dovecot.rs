//! A throw-away Dovecot for `scripts/bench-sync.sh`: the same server the IMAP tests start (any
//! user, password `secret`, free loopback ports), kept running until standard input closes.
//! Prints `PORT=…`, `TLS_PORT=…` and `MAIL=…` (the folder of the users' Maildirs).

#[path = "../tests/support/dovecot.rs"]
mod dovecot;

use std::io::Read;

fn main() {
    let Some(server) = dovecot::Dovecot::start() else {
        eprintln!("Dovecot is not installed: apt-get install dovecot-imapd");
        std::process::exit(1);
    };
    println!("PORT={}", server.port);
    println!("TLS_PORT={}", server.tls_port);
    println!("MAIL={}", server.dir.path().join("mail").display());
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}
