//! The XML a DAV client sends (PROPFIND and REPORT bodies), read into a small tree of elements
//! named by namespace and local name.
//!
//! Hostile bodies are refused, not followed: a document type declaration (where entity bombs
//! live) is refused outright, an entity other than XML's five and character references is an
//! error, and depth and element count are capped, so a body costs at most its own size to read.

use quick_xml::{
    NsReader,
    escape::resolve_predefined_entity,
    events::Event,
    name::{Namespace, ResolveResult},
};

/// The DAV namespace.
pub const DAV: &str = "DAV:";
/// CardDAV's (RFC 6352).
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
/// Apple's calendar server's, for `getctag`.
pub const CALSERVER: &str = "http://calendarserver.org/ns/";

/// How deep elements may nest; a real request is five or six levels deep.
const MAX_DEPTH: usize = 32;
/// How many elements one body may hold: a multiget of thousands of hrefs fits.
const MAX_ELEMENTS: usize = 100_000;

/// An element: its namespace ("" when none), local name, text and children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    pub ns: String,
    pub name: String,
    pub text: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
}

impl Element {
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The first child of that name.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// Every child of that name.
    pub fn all<'a>(&'a self, ns: &'a str, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Why a body could not be read: said to the client in a 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(pub String);

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a whole body into its root element.
pub fn parse(body: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(body);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| XmlError(format!("the XML is not well-formed near byte {position}: {e}")))?;
        let ns = match resolved {
            ResolveResult::Bound(Namespace(ns)) => ns.to_string(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(prefix) => {
                return Err(XmlError(format!("the XML uses the prefix '{prefix}' without declaring its namespace")));
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(XmlError("the XML has more than one root element".into()));
            }
            Event::Start(start) => {
                count += 1;
                if count > MAX_ELEMENTS || stack.len() >= MAX_DEPTH {
                    return Err(XmlError(format!(
                        "the XML is too large: at most {MAX_ELEMENTS} elements nested {MAX_DEPTH} deep"
                    )));
                }
                stack.push(element(ns, &start)?);
            }
            Event::Empty(start) => {
                count += 1;
                let done = element(ns, &start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or_else(|| XmlError("the XML closes an element it never opened".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(text) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&data.into_inner());
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.xml10_content();
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => resolve_predefined_entity(&name)
                        .ok_or_else(|| {
                            XmlError(format!("the XML uses the entity '&{name};': only XML's own five are accepted"))
                        })?
                        .to_string(),
                    Err(e) => return Err(XmlError(format!("the XML has a bad character reference '&{name};': {e}"))),
                };
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&resolved);
                }
            }
            Event::DocType(_) => {
                return Err(XmlError("the XML declares a document type (DTD); kith accepts none".into()));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError("the XML ends before its elements are closed".into()));
    }
    root.ok_or_else(|| XmlError("the body holds no XML element".into()))
}

fn element(ns: String, start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlError> {
    let name = start.local_name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| XmlError(format!("the XML has a broken attribute on <{name}>: {e}")))?;
        let key = attribute.key.local_name().as_ref().to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| XmlError(format!("the XML has a broken attribute value on <{name}>: {e}")))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element { ns, name, text: String::new(), attributes, children: Vec::new() })
}

/// Text made safe inside an XML element (`<`, `>` and `&`; quotes stay as they are, so an ETag
/// reads `"…"`).
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::partial_escape(text)
}

/// Text made safe inside a double-quoted attribute.
pub fn escape_attribute(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_propfind_is_read_with_its_namespaces() {
        let body = r#"<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:c="http://calendarserver.org/ns/">
            <d:prop><d:getetag/><c:getctag/><x:odd xmlns:x="urn:x"/></d:prop></d:propfind>"#;
        let root = parse(body).unwrap();
        assert!(root.is(DAV, "propfind"));
        let prop = root.child(DAV, "prop").unwrap();
        let names: Vec<(&str, &str)> = prop.children.iter().map(|c| (c.ns.as_str(), c.name.as_str())).collect();
        assert_eq!(names, [(DAV, "getetag"), (CALSERVER, "getctag"), ("urn:x", "odd")]);
    }

    #[test]
    fn text_with_references_is_resolved() {
        let root = parse(r#"<d:href xmlns:d="DAV:">/a&amp;b/&#233;.vcf</d:href>"#).unwrap();
        assert_eq!(root.text, "/a&b/é.vcf");
    }

    #[test]
    fn hostile_and_broken_bodies_are_refused_with_a_reason() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
            <d:propfind xmlns:d="DAV:">&b;</d:propfind>"#;
        assert!(parse(bomb).unwrap_err().0.contains("document type"));
        assert!(parse(r#"<d:a xmlns:d="DAV:">&lol;</d:a>"#).unwrap_err().0.contains("only XML's own five"));
        assert!(parse("<d:a>").unwrap_err().0.contains("prefix 'd'"));
        assert!(parse(r#"<a><b></a>"#).is_err());
        assert!(parse("").unwrap_err().0.contains("no XML element"));
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse(&deep).unwrap_err().0.contains("too large"));
    }
}
