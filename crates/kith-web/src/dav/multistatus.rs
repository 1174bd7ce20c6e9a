//! Writing a 207 Multi-Status body: one `<response>` per resource, its properties split into those
//! found (200) and those it does not have (404).

use super::xml::{CALSERVER, CARDDAV, DAV, escape, escape_attribute};

/// A property's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PropName {
    pub ns: String,
    pub name: String,
}

impl PropName {
    pub fn new(ns: &str, name: &str) -> PropName {
        PropName { ns: ns.into(), name: name.into() }
    }

    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The element's opening and closing tags, with a prefix kith declares on the root or a
    /// namespace declared on the element itself.
    fn tags(&self) -> (String, String) {
        let prefix = match self.ns.as_str() {
            DAV => Some("d"),
            CARDDAV => Some("card"),
            CALSERVER => Some("cs"),
            _ => None,
        };
        let name = escape(&self.name);
        match prefix {
            Some(p) => (format!("<{p}:{name}>"), format!("</{p}:{name}>")),
            None if self.ns.is_empty() => (format!("<{name} xmlns=\"\">"), format!("</{name}>")),
            None => (format!("<x:{name} xmlns:x=\"{}\">", escape_attribute(&self.ns)), format!("</x:{name}>")),
        }
    }

    fn empty(&self) -> String {
        let (open, _) = self.tags();
        format!("{}/>", &open[..open.len() - 1])
    }
}

/// A multi-status body being written.
#[derive(Debug)]
pub struct Multistatus {
    out: String,
}

impl Default for Multistatus {
    fn default() -> Self {
        Multistatus {
            out: format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"{DAV}\" xmlns:card=\"{CARDDAV}\" \
                 xmlns:cs=\"{CALSERVER}\">\n"
            ),
        }
    }
}

impl Multistatus {
    /// A resource with the values of the properties it has (inner XML, already escaped) and the
    /// names of those it has not.
    pub fn response(&mut self, href: &str, found: &[(PropName, String)], missing: &[PropName]) {
        self.out.push_str("<d:response><d:href>");
        self.out.push_str(&escape(href));
        self.out.push_str("</d:href>");
        if !found.is_empty() {
            self.out.push_str("<d:propstat><d:prop>");
            for (name, value) in found {
                if value.is_empty() {
                    self.out.push_str(&name.empty());
                } else {
                    let (open, close) = name.tags();
                    self.out.push_str(&open);
                    self.out.push_str(value);
                    self.out.push_str(&close);
                }
            }
            self.out.push_str("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>");
        }
        if !missing.is_empty() {
            self.out.push_str("<d:propstat><d:prop>");
            for name in missing {
                self.out.push_str(&name.empty());
            }
            self.out.push_str("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>");
        }
        self.out.push_str("</d:response>\n");
    }

    /// A resource known only by its status: a card gone since the client's sync token, or an href
    /// of a multiget that names nothing.
    pub fn status(&mut self, href: &str, status: &str) {
        self.out.push_str("<d:response><d:href>");
        self.out.push_str(&escape(href));
        self.out.push_str("</d:href><d:status>HTTP/1.1 ");
        self.out.push_str(status);
        self.out.push_str("</d:status></d:response>\n");
    }

    /// The body, with a sync token when the report gives one.
    pub fn finish(mut self, sync_token: Option<&str>) -> String {
        if let Some(token) = sync_token {
            self.out.push_str("<d:sync-token>");
            self.out.push_str(&escape(token));
            self.out.push_str("</d:sync-token>\n");
        }
        self.out.push_str("</d:multistatus>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_and_missing_properties_each_get_their_status() {
        let mut m = Multistatus::default();
        m.response(
            "/dav/a&b.vcf",
            &[(PropName::new(DAV, "getetag"), "\"1\"".into()), (PropName::new(DAV, "resourcetype"), String::new())],
            &[PropName::new("urn:x", "odd")],
        );
        m.status("/dav/gone.vcf", "404 Not Found");
        let body = m.finish(Some("urn:kith:sync:7"));
        assert!(body.contains("<d:href>/dav/a&amp;b.vcf</d:href>"), "{body}");
        assert!(body.contains("<d:getetag>\"1\"</d:getetag><d:resourcetype/>"), "{body}");
        assert!(body.contains("<x:odd xmlns:x=\"urn:x\"/></d:prop><d:status>HTTP/1.1 404 Not Found"), "{body}");
        assert!(body.contains("<d:sync-token>urn:kith:sync:7</d:sync-token>"), "{body}");
    }
}
