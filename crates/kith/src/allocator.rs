//! The server's memory. glibc's allocator keeps what a thread freed in that thread's arena, at its
//! high-water mark: after the dashboard's reports are computed (hundreds of thousands of rows read
//! and dropped) a server would hold tens of megabytes it no longer uses. glibc reads its tunables
//! only when a process starts, so `kith serve` starts itself once more with them set: freed memory
//! goes back to the system and two arenas serve every thread. A user's own `GLIBC_TUNABLES` wins.

/// Releases freed memory above 128 KiB, maps large blocks on their own, and keeps two arenas.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TUNABLES: &str = "glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=2";

/// Replaces this process with the same command under the server's allocator settings, unless they
/// (or the user's own) are already in force. Returns only if that is not possible; the server then
/// runs with the defaults.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn settle_for_serving() {
    use std::os::unix::process::CommandExt as _;
    if std::env::var_os("GLIBC_TUNABLES").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let error =
        std::process::Command::new(exe).args(std::env::args_os().skip(1)).env("GLIBC_TUNABLES", TUNABLES).exec();
    eprintln!("kith: serving with the allocator's defaults (could not set its tunables: {error})");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn settle_for_serving() {}
