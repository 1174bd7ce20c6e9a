//! Maildir folders (`cur/` and `new/`) and plain folders of `.eml` files.
//!
//! The only code in this crate that touches the file system is [`collect_files`]; reading the
//! messages it collected is pure, like every other reader.

use std::{
    collections::HashSet,
    fs,
    path::{Path, PathBuf},
};

use super::read_message;
use crate::{FormatError, Problem, TouchFile};

/// Reads every message of a Maildir (`cur/` and `new/`; `tmp/` holds deliveries in progress and
/// is skipped) or of a folder of `.eml` files, in file-name order.
///
/// Lines are counted within each message's own file, and problems name the file.
pub fn read_maildir(dir: &Path) -> Result<TouchFile, FormatError> {
    let files = collect_files(dir)?;
    Ok(read_files(&files))
}

/// One message file: its path relative to the folder read, and its bytes.
#[derive(Debug)]
struct MessageFile {
    name: String,
    bytes: Vec<u8>,
}

fn read_files(files: &[MessageFile]) -> TouchFile {
    let mut out = TouchFile::default();
    let mut seen = HashSet::new();
    for (index, file) in files.iter().enumerate() {
        match read_message(&file.bytes, 1) {
            Ok(touch) => {
                if seen.insert(touch.key.clone()) {
                    out.touches.push(touch);
                }
            }
            Err(p) => out.problems.push(Problem {
                record: Some(index + 1),
                message: format!("{}: {}", file.name, p.message),
                ..p
            }),
        }
    }
    out
}

fn collect_files(dir: &Path) -> Result<Vec<MessageFile>, FormatError> {
    let io_error = |path: &Path, e: std::io::Error| FormatError::new(0, path.display().to_string(), e.to_string());
    let maildir_parts: Vec<PathBuf> = ["cur", "new"].iter().map(|sub| dir.join(sub)).filter(|p| p.is_dir()).collect();
    let mut paths = Vec::new();
    if maildir_parts.is_empty() {
        for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
            let path = entry.map_err(|e| io_error(dir, e))?.path();
            let is_eml = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("eml"));
            if is_eml && path.is_file() {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(FormatError::new(
                0,
                dir.display().to_string(),
                "not a Maildir (no cur/ or new/ folder) and no .eml files in it",
            ));
        }
    } else {
        for part in &maildir_parts {
            for entry in fs::read_dir(part).map_err(|e| io_error(part, e))? {
                let path = entry.map_err(|e| io_error(part, e))?.path();
                let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if !hidden && path.is_file() {
                    paths.push(path);
                }
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path).map_err(|e| io_error(&path, e))?;
            let name = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
            Ok(MessageFile { name, bytes })
        })
        .collect()
}
