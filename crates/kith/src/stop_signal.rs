//! Ctrl-C (and, for a server, the service manager's stop) as a future, listening from the moment it
//! is made: `tokio::signal::ctrl_c()` only listens once first polled, so a signal that came before
//! (a sync already under way, a server still starting) would kill the process on the spot instead
//! of stopping it cleanly.

use std::future::Future;

/// Resolves on Ctrl-C (SIGINT) or, with `terminate`, on SIGTERM too (what `systemctl stop` and
/// `docker stop` send).
pub fn stop_signal(terminate: bool) -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut term = if terminate { Some(signal(SignalKind::terminate())?) } else { None };
        Ok(async move {
            match &mut term {
                Some(term) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                None => {
                    interrupt.recv().await;
                }
            }
        })
    }
    #[cfg(not(unix))]
    {
        let _ = terminate;
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
