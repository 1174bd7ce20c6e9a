//! TLS for mail servers: the public roots (webpki-roots, built in: nothing is read from the
//! system or downloaded), or exactly one certificate the user chose to trust by its SHA-256
//! fingerprint (a home server's self-signed one). A refused certificate's fingerprint is kept so
//! the error can show it.

use std::sync::{Arc, Mutex};

use rustls::{
    DigitallySignedStruct, Error, RootCertStore, SignatureScheme,
    client::{
        WebPkiServerVerifier,
        danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
    },
    crypto::{CryptoProvider, ring},
    pki_types::{CertificateDer, ServerName, UnixTime},
};

use super::secret::hex;

/// Verifies a server's certificate: by the public roots, or, when a fingerprint is pinned, by that
/// fingerprint alone.
#[derive(Debug)]
pub(crate) struct Verifier {
    roots: Arc<WebPkiServerVerifier>,
    provider: Arc<CryptoProvider>,
    /// SHA-256 of the one certificate to accept, lower-case hex without separators.
    pinned: Option<String>,
    /// The fingerprint of the last certificate seen (for the error when it was refused).
    pub(crate) seen: Mutex<Option<String>>,
}

/// A fingerprint as people copy it (`AB:CD:…`, spaces, any case) in kith's form.
pub fn normalize_fingerprint(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect::<String>().to_lowercase();
    (digits.len() == 64 && digits.chars().all(|c| c.is_ascii_hexdigit())).then_some(digits)
}

/// The fingerprint written for people: upper-case pairs joined by colons.
pub fn show_fingerprint(hex: &str) -> String {
    hex.as_bytes().chunks(2).map(|p| String::from_utf8_lossy(p).to_uppercase()).collect::<Vec<_>>().join(":")
}

pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(ring::default_provider())
}

impl Verifier {
    pub(crate) fn new(pinned: Option<String>) -> Arc<Verifier> {
        let provider = provider();
        let roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let roots = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .expect("the built-in roots are usable");
        Arc::new(Verifier { roots, provider, pinned, seen: Mutex::new(None) })
    }

    /// A client configuration that verifies with this verifier.
    pub(crate) fn client_config(self: &Arc<Self>) -> rustls::ClientConfig {
        rustls::ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .dangerous()
            .with_custom_certificate_verifier(self.clone())
            .with_no_client_auth()
    }

    /// The fingerprint of the certificate the server showed, if the handshake got that far.
    pub(crate) fn seen_fingerprint(&self) -> Option<String> {
        self.seen.lock().ok().and_then(|s| s.clone())
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let fingerprint = hex(::ring::digest::digest(&::ring::digest::SHA256, end_entity.as_ref()).as_ref());
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(fingerprint.clone());
        }
        match &self.pinned {
            // The user vouched for this very certificate: its name and dates are theirs to judge.
            Some(pinned) if *pinned == fingerprint => Ok(ServerCertVerified::assertion()),
            Some(_) => Err(Error::General("the server's certificate is not the one this source trusts".into())),
            None => self.roots.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_read_as_people_copy_them() {
        let colons = "AB:".repeat(31) + "AB";
        assert_eq!(normalize_fingerprint(&colons), Some("ab".repeat(32)));
        assert_eq!(normalize_fingerprint("ab"), None);
        assert_eq!(show_fingerprint(&"ab".repeat(32)), colons);
    }
}
