//! Bytes to text: the encodings a vCard file arrives in, and what is refused.

use std::borrow::Cow;

use crate::FormatError;

/// UTF-8 (a BOM is dropped) or UTF-16 with a BOM, as Windows address books write. Anything else is
/// refused with the line of the first bad byte: guessing a legacy encoding would garble names.
pub(crate) fn text_of(bytes: &[u8]) -> Result<Cow<'_, str>, FormatError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(FormatError::new(1, "encoding", format!("not valid {} text", encoding.name())));
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => match text.find('\0') {
            Some(at) => Err(FormatError::new(
                line_of(bytes, at),
                "encoding",
                "binary data (a NUL byte): this is not a vCard text file (or it is UTF-16 without a byte order mark)",
            )),
            None => Ok(Cow::Borrowed(text)),
        },
        Err(e) => {
            let at = e.valid_up_to();
            Err(FormatError::new(
                line_of(bytes, at),
                "encoding",
                format!("not UTF-8 text (byte 0x{:02X} at offset {at}); save the file as UTF-8", bytes[at]),
            ))
        }
    }
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_refusals() {
        assert_eq!(text_of(b"\xEF\xBB\xBFBEGIN:VCARD").unwrap(), "BEGIN:VCARD");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("FN:Zoë".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(text_of(&utf16).unwrap(), "FN:Zoë");
        let latin1 = text_of(b"BEGIN:VCARD\nFN:Zo\xEB\n").unwrap_err();
        assert_eq!((latin1.line, latin1.field.as_str()), (2, "encoding"));
        assert!(latin1.message.contains("0xEB"), "{latin1}");
        assert_eq!(text_of(b"BEGIN:VCARD\n\n\0\0").unwrap_err().line, 3);
    }
}
