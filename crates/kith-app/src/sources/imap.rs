//! Following a mailbox over IMAP: only header fields are fetched (`BODY.PEEK`, so nothing is
//! marked read) from folders opened read-only (`EXAMINE`); each folder resumes after the last UID
//! seen, and is read again from its start when the server renumbers it (a new UIDVALIDITY).

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use async_imap::{Client, Session, imap_proto::NameAttribute};
use futures_util::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
};

use super::{
    batch::Batch,
    config::{ImapConfig, Tls},
    report::{FolderReport, SyncReport},
    run::Job,
    tls::{Verifier, show_fingerprint},
};

/// The header fields a touch and the rules are read from; nothing else is ever fetched.
const FIELDS: &str = "FROM TO CC BCC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID LIST-UNSUBSCRIBE \
     LIST-POST PRECEDENCE AUTO-SUBMITTED X-AUTOREPLY X-AUTORESPOND";

/// Messages per transaction: a dropped connection loses at most one batch's reading, never a
/// batch's writing, and memory stays flat however large the folder.
pub const BATCH: usize = 1_000;

/// How long connecting, logging in and each server answer may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Names mail programs give the sent folder, for servers that do not mark it `\Sent`.
const SENT_NAMES: [&str; 7] =
    ["Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "[Gmail]/Sent Mail", "Gesendet"];

/// A connection, plain or encrypted.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> Io for T {}

pub(crate) type ImapSession = Session<Box<dyn Io>>;

/// Where each folder's sync stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImapState {
    #[serde(default)]
    pub folders: BTreeMap<String, FolderState>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FolderState {
    pub uidvalidity: u32,
    pub last_uid: u32,
}

/// Connects and logs in. Every error says what failed in the server's own words and what to do.
#[tracing::instrument(level = "debug", skip_all, fields(host = %config.host))]
pub(crate) async fn connect(config: &ImapConfig, password: &str) -> Result<ImapSession, String> {
    let address = format!("{}:{}", config.host, config.port);
    let tcp = tokio::time::timeout(TIMEOUT, TcpStream::connect((config.host.as_str(), config.port)))
        .await
        .map_err(|_| format!("cannot reach {address}: no answer within a minute; check the host and port"))?
        .map_err(|e| format!("cannot reach {address}: {e}; check the host and port, and that the server runs"))?;
    let client: Client<Box<dyn Io>> = match config.tls {
        Tls::Tls => {
            let tls = encrypt(config, tcp).await?;
            greeted(Client::new(Box::new(tls) as Box<dyn Io>), &address).await?
        }
        Tls::Starttls => {
            let mut plain = greeted(Client::new(tcp), &address).await?;
            plain
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|e| format!("{address} refused STARTTLS ({e}); try --tls tls on port 993"))?;
            let tls = encrypt(config, plain.into_inner()).await?;
            Client::new(Box::new(tls) as Box<dyn Io>)
        }
        Tls::None => greeted(Client::new(Box::new(tcp) as Box<dyn Io>), &address).await?,
    };
    let login = tokio::time::timeout(TIMEOUT, client.login(&config.user, password))
        .await
        .map_err(|_| format!("{address} did not answer the login within a minute"))?;
    login.map_err(|(e, _)| {
        format!(
            "{address} refused the login of '{}': {}; check the user name and password (remove the source and \
             add it again to change them; some providers need an app password)",
            config.user,
            server_words(&e)
        )
    })
}

async fn greeted<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug>(
    mut client: Client<T>,
    address: &str,
) -> Result<Client<T>, String> {
    match tokio::time::timeout(TIMEOUT, client.read_response()).await {
        Ok(Ok(Some(_))) => Ok(client),
        Ok(Ok(None)) => Err(format!("{address} closed the connection before greeting; is it an IMAP server?")),
        Ok(Err(e)) => Err(format!("{address} did not greet as an IMAP server: {e}")),
        Err(_) => Err(format!(
            "{address} sent no greeting within a minute; is it an IMAP server (and the TLS setting right)?"
        )),
    }
}

async fn encrypt(config: &ImapConfig, tcp: TcpStream) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
    let verifier = Verifier::new(config.trust_cert.clone());
    let connector = tokio_rustls::TlsConnector::from(Arc::new(verifier.client_config()));
    let name = rustls::pki_types::ServerName::try_from(config.host.clone())
        .map_err(|_| format!("'{}' is not a server name TLS can check", config.host))?;
    match tokio::time::timeout(TIMEOUT, connector.connect(name, tcp)).await {
        Ok(Ok(tls)) => Ok(tls),
        Ok(Err(e)) => {
            let address = format!("{}:{}", config.host, config.port);
            let wrong_name = e.to_string().contains("NotValidForName");
            Err(match (verifier.seen_fingerprint(), &config.trust_cert) {
                (Some(_), None) if wrong_name => format!(
                    "{address}: the server's certificate is not for '{}' ({e}): check the host name your provider \
                     gives for IMAP; do not trust this certificate",
                    config.host
                ),
                (Some(seen), None) => format!(
                    "{address}: the server's certificate is not trusted ({e}). Its SHA-256 fingerprint is {}; if this \
                     is your own server's certificate, add the source again with --trust-cert {}",
                    show_fingerprint(&seen),
                    show_fingerprint(&seen)
                ),
                (Some(seen), Some(_)) => format!(
                    "{address}: the server showed a certificate other than the one this source trusts (its \
                     fingerprint is {}): if the server's certificate was renewed, add the source again with the new \
                     one; otherwise someone may be in between",
                    show_fingerprint(&seen)
                ),
                (None, _) => format!("{address}: TLS failed: {e}; check --tls (tls on 993, starttls on 143)"),
            })
        }
        Err(_) => Err(format!("{}: the TLS handshake took more than a minute", config.host)),
    }
}

/// The server's text of a NO or BAD answer, else the error as it stands.
fn server_words(e: &async_imap::error::Error) -> String {
    match e {
        async_imap::error::Error::No(words) | async_imap::error::Error::Bad(words) => answer_text(words),
        other => other.to_string(),
    }
}

/// The text of an answer as async-imap words it (`code: None, info: Some("[AUTHENTICATIONFAILED]
/// Authentication failed.")`): what the server said, without the wrapping.
fn answer_text(words: &str) -> String {
    let inner = words
        .split_once("info: Some(\"")
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map(|(text, _)| text.replace("\\\"", "\""));
    inner.unwrap_or_else(|| words.trim().to_string())
}

/// The folders to follow: the configured ones, else INBOX and the sent folder.
async fn folders(session: &mut ImapSession, config: &ImapConfig) -> Result<Vec<String>, String> {
    if !config.folders.is_empty() {
        return Ok(config.folders.clone());
    }
    let listing = async {
        session
            .list(Some(""), Some("*"))
            .await?
            .map_ok(|n| (n.name().to_string(), n.attributes().iter().any(|a| matches!(a, NameAttribute::Sent))))
            .try_collect::<Vec<(String, bool)>>()
            .await
    };
    let names = tokio::time::timeout(TIMEOUT, listing)
        .await
        .map_err(|_| "listing the folders took more than a minute".to_string())?
        .map_err(|e| format!("cannot list the folders: {}", server_words(&e)))?;
    let mut out = vec!["INBOX".to_string()];
    let marked = names.iter().find(|(_, sent)| *sent).map(|(n, _)| n.clone());
    let named = || {
        SENT_NAMES
            .iter()
            .find_map(|want| names.iter().find(|(n, _)| n.eq_ignore_ascii_case(want)).map(|(n, _)| n.clone()))
    };
    if let Some(sent) = marked.or_else(named) {
        out.push(sent);
    }
    Ok(out)
}

/// Syncs every folder of the mailbox; what each batch recorded stays recorded if a later one fails.
pub(crate) async fn sync(
    job: &Job<'_>,
    config: &ImapConfig,
    password: &str,
    report: &mut SyncReport,
) -> Result<(), String> {
    let mut session = connect(config, password).await?;
    let mut state: ImapState = serde_json::from_str(&job.source.state).unwrap_or_default();
    let result = async {
        for folder in folders(&mut session, config).await? {
            sync_folder(job, &mut session, &folder, &mut state, report).await?;
        }
        Ok::<(), String>(())
    }
    .await;
    // A polite goodbye; a server already gone is no news.
    let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
    result
}

#[tracing::instrument(level = "debug", skip_all, fields(folder))]
async fn sync_folder(
    job: &Job<'_>,
    session: &mut ImapSession,
    folder: &str,
    state: &mut ImapState,
    report: &mut SyncReport,
) -> Result<(), String> {
    let mailbox = tokio::time::timeout(TIMEOUT, session.examine(folder))
        .await
        .map_err(|_| format!("opening folder '{folder}' took more than a minute"))?
        .map_err(|e| {
            format!("cannot open folder '{folder}': {}; check its name with your mail program", server_words(&e))
        })?;
    let validity = mailbox.uid_validity.unwrap_or(0);
    let before = state.folders.get(folder).copied();
    let mut restart = before.is_some_and(|b| b.uidvalidity != validity);
    let mut at = match before {
        Some(b) if !restart => b,
        _ => FolderState { uidvalidity: validity, last_uid: 0 },
    };
    let mut folder_report = FolderReport { folder: folder.to_string(), restarted: restart, ..FolderReport::default() };
    // Nothing new: the server says the next UID is the one after the last seen. One round trip.
    let nothing_new = mailbox.uid_next.is_some_and(|next| next <= at.last_uid.saturating_add(1)) || mailbox.exists == 0;
    if nothing_new && !restart && before.is_some() {
        report.folders.push(folder_report);
        return Ok(());
    }

    let query = format!("(UID BODY.PEEK[HEADER.FIELDS ({FIELDS})])");
    let range = format!("{}:*", at.last_uid.saturating_add(1));
    let mut batch = Batch::default();
    let mut outcome: Result<(), String> = Ok(());
    if mailbox.exists > 0 {
        let mut fetches = session
            .uid_fetch(&range, &query)
            .await
            .map_err(|e| format!("cannot read folder '{folder}': {}", server_words(&e)))?;
        loop {
            let next = match tokio::time::timeout(TIMEOUT, fetches.next()).await {
                Err(_) => Err(format!("folder '{folder}': the server stopped answering mid-way")),
                Ok(None) => break,
                Ok(Some(Err(e))) => Err(format!("folder '{folder}': the connection broke mid-way ({e})")),
                Ok(Some(Ok(fetch))) => Ok(fetch),
            };
            let fetch = match next {
                Ok(f) => f,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            };
            // `n:*` past the last UID still answers the last message: only newer ones count.
            let Some(uid) = fetch.uid.filter(|&u| u > at.last_uid) else { continue };
            match fetch.header() {
                Some(header) => batch.add_message(&job.rules, header, || format!("{folder} UID {uid}"), report),
                None => {
                    report.seen += 1;
                    report.skip(format!("{folder} UID {uid}"), "the server sent no header for it".into());
                }
            }
            folder_report.seen += 1;
            at.last_uid = at.last_uid.max(uid);
            if batch.read as usize >= BATCH {
                state.folders.insert(folder.to_string(), at);
                let full = std::mem::take(&mut batch);
                job.record(folder, full, &mut restart, state, report, &mut folder_report).await?;
            }
        }
        drop(fetches);
        // A server that dies mid-answer ends the stream like a finished one: ask it something.
        if outcome.is_ok() {
            match tokio::time::timeout(TIMEOUT, session.noop()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    outcome = Err(format!(
                        "folder '{folder}': the server closed the connection while sending it ({e}); its log may say why"
                    ))
                }
                Err(_) => outcome = Err(format!("folder '{folder}': the server stopped answering")),
            }
        }
    }
    // What was read before a failure is recorded with the UID it reached: the next sync goes on
    // from there, and nothing is read twice.
    state.folders.insert(folder.to_string(), at);
    job.record(folder, batch, &mut restart, state, report, &mut folder_report).await?;
    report.folders.push(folder_report);
    outcome
}

/// Waits on the mailbox's INBOX with IDLE until something arrives (true) or `wait` passes (false).
/// An error when the server cannot IDLE or the connection fails.
pub(crate) async fn wait_for_mail(config: &ImapConfig, password: &str, wait: Duration) -> Result<bool, String> {
    let mut session = connect(config, password).await?;
    let late = |what: &str| format!("{}: {what} took more than a minute", config.host);
    let capabilities = tokio::time::timeout(TIMEOUT, session.capabilities())
        .await
        .map_err(|_| late("CAPABILITY"))?
        .map_err(|e| server_words(&e))?;
    if !capabilities.has_str("IDLE") {
        let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
        return Err(format!("{} does not offer IDLE", config.host));
    }
    tokio::time::timeout(TIMEOUT, session.examine("INBOX"))
        .await
        .map_err(|_| late("EXAMINE"))?
        .map_err(|e| server_words(&e))?;
    let mut idle = session.idle();
    tokio::time::timeout(TIMEOUT, idle.init())
        .await
        .map_err(|_| late("IDLE"))?
        .map_err(|e| format!("IDLE refused: {e}"))?;
    let (wait_future, _stop) = idle.wait_with_timeout(wait);
    // A connection that died without a word answers nothing: the wait has its own end.
    let answer = tokio::time::timeout(wait + TIMEOUT, wait_future)
        .await
        .map_err(|_| late("IDLE"))?
        .map_err(|e| format!("IDLE broke: {e}"))?;
    let arrived = match answer {
        async_imap::extensions::idle::IdleResponse::NewData(_) => true,
        async_imap::extensions::idle::IdleResponse::Timeout => false,
        async_imap::extensions::idle::IdleResponse::ManualInterrupt => {
            return Err(format!("{} ended the IDLE connection", config.host));
        }
    };
    if let Ok(Ok(mut session)) = tokio::time::timeout(Duration::from_secs(5), idle.done()).await {
        let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
    }
    Ok(arrived)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_servers_own_words_are_kept() {
        let words = r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")"#;
        assert_eq!(super::answer_text(words), "[AUTHENTICATIONFAILED] Authentication failed.");
        assert_eq!(super::answer_text(" plain "), "plain");
    }
}
