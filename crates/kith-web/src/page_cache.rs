//! Rendered pages of single records (a contact's page), kept per day and data version.
//!
//! A contact page takes two statements and a render; people open the same few pages again and
//! again (back from a log, a second tab, a phone and a laptop). The page depends only on the data,
//! the day and what was asked for, so a copy is served until the data version or the day moves —
//! the same rule as the whole-network reports ([`crate::reports`]). The cache is bounded: the oldest
//! page leaves when a new one would exceed [`CAPACITY`], so memory stays small on any network.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
};

use axum::{
    body::{Body, Bytes},
    http::{HeaderValue, header},
    response::{Html, IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_store::OwnerId;

/// How many rendered pages are kept (a contact page is about 20 KB: a few MB at most).
pub const CAPACITY: usize = 256;

/// What was asked for: the page of a record, and its variant (e.g. the full timeline).
pub type PageKey = (&'static str, i64, bool);

/// A kept page is found by its owner and what was asked for: record ids are unique across owners,
/// but a page is only ever served to the owner it was rendered for.
type Slot = (OwnerId, PageKey);

#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    pages: HashMap<Slot, Entry>,
    /// Slots from oldest to newest insertion.
    order: VecDeque<Slot>,
}

#[derive(Debug)]
struct Entry {
    today: NaiveDate,
    version: i64,
    html: Arc<str>,
}

impl PageCache {
    /// The pages of `owner`.
    pub fn of(&self, owner: OwnerId) -> OwnerPages<'_> {
        OwnerPages { cache: self, owner }
    }
}

/// The pages of one owner.
#[derive(Debug, Clone, Copy)]
pub struct OwnerPages<'a> {
    cache: &'a PageCache,
    owner: OwnerId,
}

impl OwnerPages<'_> {
    /// The page rendered for `key` on `today` at data `version`, if it is still current.
    pub fn get(&self, key: PageKey, today: NaiveDate, version: i64) -> Option<Arc<str>> {
        let inner = self.cache.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.pages.get(&(self.owner, key)).filter(|e| e.today == today && e.version == version).map(|e| e.html.clone())
    }

    /// Keeps `html` as the page for `key` on `today` at data `version`.
    pub fn put(&self, key: PageKey, today: NaiveDate, version: i64, html: Arc<str>) {
        let slot = (self.owner, key);
        let mut inner = self.cache.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.pages.insert(slot, Entry { today, version, html }).is_none() {
            inner.order.push_back(slot);
        }
        while inner.pages.len() > CAPACITY {
            match inner.order.pop_front() {
                Some(old) => {
                    inner.pages.remove(&old);
                }
                None => break,
            }
        }
    }
}

/// A kept page as a response, sent without copying it.
pub fn respond(html: Arc<str>) -> Response {
    let mut response = Html(Body::from(Bytes::from_owner(ArcStr(html)))).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

struct ArcStr(Arc<str>);

impl AsRef<[u8]> for ArcStr {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn a_page_is_served_only_for_its_day_and_version() {
        let pages = PageCache::default();
        let cache = pages.of(1);
        cache.put(("contact", 1, false), day(3), 7, "page".into());
        assert_eq!(cache.get(("contact", 1, false), day(3), 7).as_deref(), Some("page"));
        assert_eq!(cache.get(("contact", 1, false), day(3), 8), None, "the data changed");
        assert_eq!(cache.get(("contact", 1, false), day(4), 7), None, "a new day");
        assert_eq!(cache.get(("contact", 1, true), day(3), 7), None, "another variant");
        assert_eq!(cache.get(("contact", 2, false), day(3), 7), None, "another contact");
        assert_eq!(pages.of(2).get(("contact", 1, false), day(3), 7), None, "another owner");
    }

    #[test]
    fn the_oldest_page_leaves_when_the_cache_is_full() {
        let pages = PageCache::default();
        let cache = pages.of(1);
        for id in 0..=CAPACITY as i64 {
            cache.put(("contact", id, false), day(3), 1, id.to_string().into());
        }
        assert_eq!(cache.get(("contact", 0, false), day(3), 1), None);
        assert_eq!(cache.get(("contact", 1, false), day(3), 1).as_deref(), Some("1"));
        let last = CAPACITY as i64;
        assert_eq!(cache.get(("contact", last, false), day(3), 1).as_deref(), Some(last.to_string().as_str()));
        // Rendering the same page again replaces it without growing the order list.
        cache.put(("contact", last, false), day(3), 2, "new".into());
        assert_eq!(pages.inner.lock().unwrap().order.len(), CAPACITY);
    }
}
