//! The request the isolation suite sends for each route (see `isolation.rs`): one that does its
//! work when its ids are the user's own. Ids are written as placeholders (`<contact>`, `<draft>`,
//! …) filled with the ids of whichever account the suite is trying.

/// A request's body, with placeholders.
pub enum Payload {
    None,
    /// `application/x-www-form-urlencoded`, already encoded.
    Form(&'static str),
    Json(&'static str),
    /// One file (`field`, `file_name`, `content`) and other fields.
    Multipart {
        field: &'static str,
        file_name: &'static str,
        content: &'static str,
        fields: &'static [(&'static str, &'static str)],
    },
}

pub struct Case {
    pub method: &'static str,
    pub target: &'static str,
    pub body: Payload,
    /// Why the request cannot do its work in this suite even with the user's own ids.
    pub no_control: Option<&'static str>,
    /// Why another account's ids get the answer a user's own would (the answer must still be the
    /// one a missing id gets, and nothing of the other account's changes).
    pub accepts_foreign: Option<&'static str>,
}

impl Case {
    /// Whether the request names things by id (or token, or name) rather than only the user.
    pub fn has_ids(&self) -> bool {
        let body = match &self.body {
            Payload::None => "",
            Payload::Form(text) | Payload::Json(text) => text,
            Payload::Multipart { content, .. } => content,
        };
        [self.target, body].iter().any(|text| text.replace("<who>", "").contains('<'))
    }

    pub fn no_control(self, why: &'static str) -> Case {
        Case { no_control: Some(why), ..self }
    }

    pub fn accepts_foreign(self, why: &'static str) -> Case {
        Case { accepts_foreign: Some(why), ..self }
    }
}

fn get(target: &'static str) -> Case {
    Case { method: "GET", target, body: Payload::None, no_control: None, accepts_foreign: None }
}

fn form(target: &'static str, body: &'static str) -> Case {
    Case { method: "POST", target, body: Payload::Form(body), no_control: None, accepts_foreign: None }
}

fn json(method: &'static str, target: &'static str, body: &'static str) -> Case {
    let body = if body.is_empty() { Payload::None } else { Payload::Json(body) };
    Case { method, target, body, no_control: None, accepts_foreign: None }
}

fn multipart(
    target: &'static str,
    field: &'static str,
    file_name: &'static str,
    content: &'static str,
    fields: &'static [(&'static str, &'static str)],
) -> Case {
    Case {
        method: "POST",
        target,
        body: Payload::Multipart { field, file_name, content, fields },
        no_control: None,
        accepts_foreign: None,
    }
}

/// The case for a route, `None` for a route the suite does not know yet (which fails it).
pub fn case(method: &str, path: &str) -> Option<Case> {
    Some(match (method, path) {
    ("GET", "/") => get("/"),
    ("GET", "/contacts") => get("/contacts?org=<org_name>&sort=warmth").accepts_foreign("a filter by an organization the user does not have lists nobody"),
    ("POST", "/contacts") => form("/contacts", "name=Grace+Hopper&emails=grace%40navy.example&org=Navy&title=Admiral&circle=active&tags=eng&met_on=2026-11-20"),
    ("GET", "/contacts/new") => get("/contacts/new"),
    ("POST", "/contacts/bulk") => form("/contacts/bulk", "id=<contact>&id=<contact2>&action=tag&tag=eng&back=%2Fcontacts"),
    ("GET", "/contacts/{id}") => get("/contacts/<contact>?all=1"),
    ("POST", "/contacts/{id}") => form("/contacts/<contact>", "name=Renamed+Contact&title=Engineer&circle=active&notes=Edited"),
    ("GET", "/contacts/{id}/edit") => get("/contacts/<contact>/edit"),
    ("POST", "/contacts/{id}/log") => form("/contacts/<contact>/log", "kind=coffee&on=2026-11-22&minutes=30&note=Caught+up&with=<contact2>&gave=an+intro&favor_with=<contact2>&done_followup=<followup>"),
    ("POST", "/contacts/{id}/snooze") => form("/contacts/<contact>/snooze", "for=2w"),
    ("POST", "/contacts/{id}/archive") => form("/contacts/<contact>/archive", "archive=on"),
    ("GET", "/contacts/{id}/delete") => get("/contacts/<contact>/delete"),
    ("POST", "/contacts/{id}/delete") => form("/contacts/<contact>/delete", ""),
    ("POST", "/contacts/{id}/followups") => form("/contacts/<contact>/followups", "in=2w&note=Send+the+deck"),
    ("GET", "/contacts/{id}/merge") => get("/contacts/<contact>/merge?with=<contact2>"),
    ("POST", "/contacts/{id}/merge") => form("/contacts/<contact>/merge", "with=<contact2>&keep_name=first"),
    ("POST", "/contacts/{id}/relationships") => form("/contacts/<contact>/relationships", "kind=mentor+of&with=<contact2>&note=Met+at+RustConf&since=2026-01-01"),
    ("POST", "/relationships/{id}/remove") => form("/relationships/<relationship>/remove", "back=%2Fcontacts%2F<contact>"),
    ("GET", "/intros") => get("/intros?org=<org_name>"),
        // A path must exist: <contact2> reachable through <contact> (see the fixture assumptions).
    ("POST", "/intros/ask") => form("/intros/ask", "who=<contact2>&target=<contact2>&via=<contact>"),
    ("GET", "/network") => get("/network?org=<org_name>"),
    ("GET", "/duplicates") => get("/duplicates"),
        // No id: undoes the caller's own last merge (needs one; see finding 3).
    ("POST", "/merges/undo") => form("/merges/undo", ""),
    ("GET", "/settings") => get("/settings"),
    ("POST", "/settings") => form("/settings", "me=me%40example.org&plan_size=5&week_starts=monday&digest_weekday=monday&digest_time=08%3A00&digest_to=&smtp_host="),
    ("GET", "/settings/tokens") => get("/settings/tokens"),
    ("POST", "/settings/tokens") => form("/settings/tokens", "name=Backup+script&scope=write"),
    ("POST", "/settings/tokens/revoke") => form("/settings/tokens/revoke", "name=<api_token>"),
    ("POST", "/settings/test-mail") => form("/settings/test-mail", "").no_control("needs a reachable SMTP server in the user's settings; without one 422 'no test message was sent'"),
    ("GET", "/sources") => get("/sources"),
    ("POST", "/sources") => form("/sources", "kind=ics&name=Team+calendar&url=https%3A%2F%2Fcalendar.example.org%2Fteam.ics"),
    ("GET", "/address-book") => get("/address-book"),
        // A new name (names are unique per owner, so the user's own <app_password> would be refused).
    ("POST", "/address-book/passwords") => form("/address-book/passwords", "name=Tablet"),
    ("POST", "/address-book/passwords/revoke") => form("/address-book/passwords/revoke", "name=<app_password>"),
    ("POST", "/address-book/deletions") => form("/address-book/deletions", "deletions=archive"),
        // Reads the source (404 if not the caller's), then syncs in the background; without a key file 303 "The demo follows no sources."
    ("POST", "/sources/{id}/sync") => form("/sources/<source>/sync", ""),
    ("POST", "/sources/{id}/pause") => form("/sources/<source>/pause", ""),
    ("POST", "/sources/{id}/resume") => form("/sources/<source>/resume", ""),
    ("POST", "/sources/{id}/remove") => form("/sources/<source>/remove", ""),
    ("POST", "/suggestions/add") => form("/suggestions/add", "address=<suggestion>"),
    ("POST", "/suggestions/dismiss") => form("/suggestions/dismiss", "address=<suggestion>").accepts_foreign("dismissing an address is the user's own note, whoever the address is"),
    ("GET", "/due") => get("/due?page=1"),
    ("GET", "/followups") => get("/followups?all=1"),
    ("POST", "/followups") => form("/followups", "who=<contact>&in=6m&note=Ask+how+the+new+job+is+going"),
    ("POST", "/followups/{id}/done") => form("/followups/<followup>/done", "back=%2Ffollowups"),
    ("GET", "/campaigns") => get("/campaigns"),
    ("POST", "/campaigns") => form("/campaigns", "name=Winter+search&tag=&org=&circle=&status=&size=12&subject=Coffee%2C+%7Bfirst_name%7D%3F&body=Hi+%7Bfirst_name%7D%2C+shall+we+meet%3F&action=create"),
    ("GET", "/campaigns/{id}") => get("/campaigns/<campaign>"),
    ("POST", "/campaigns/{id}/send") => form("/campaigns/<campaign>/send", "only=<campaign_contact>").no_control("needs SMTP in the user's settings: Mailer::new refuses (422) before the campaign is read"),
    ("POST", "/campaigns/{id}/contacts/{contact}/stage") => form("/campaigns/<campaign>/contacts/<campaign_contact>/stage", "stage=sent"),
    ("POST", "/campaigns/{id}/contacts/{contact}/custom") => form("/campaigns/<campaign>/contacts/<campaign_contact>/custom", "custom=Loved+your+talk."),
    ("POST", "/campaigns/{id}/contacts/{contact}/preview") => form("/campaigns/<campaign>/contacts/<campaign_contact>/preview", "custom=Loved+your+talk."),
    ("GET", "/campaigns/{id}/contacts/{contact}/draft.eml") => get("/campaigns/<campaign>/contacts/<campaign_contact>/draft.eml").no_control("needs `me` (the sender) in the user's settings, refused with 422 before the campaign is read, and an e-mail on the contact"),
    ("GET", "/events") => get("/events"),
    ("POST", "/events") => form("/events", "title=Winter+mixer&kind=meeting&on=2026-11-20&org=<org_name>&minutes=90&note=Good+talks&with=<contact>"),
    ("GET", "/events/{id}") => get("/events/<event>"),
    ("POST", "/events/{id}") => form("/events/<event>", "title=Autumn+mixer&kind=meeting&on=2026-11-20&org=<org_name>&minutes=45&note=Changed"),
    ("POST", "/events/{id}/remove") => form("/events/<event>/remove", ""),
    ("GET", "/goals") => get("/goals"),
        // measure+period must be new for the user (defaults: lunch+coffee/week, touches/week, new-people/month, reconnections/month, events/month, minutes/week).
    ("POST", "/goals") => form("/goals", "measure=call%2Bvideo&target=3&period=month"),
    ("POST", "/goals/{id}") => form("/goals/<goal>", "target=5"),
    ("POST", "/goals/{id}/remove") => form("/goals/<goal>/remove", ""),
    ("GET", "/career") => get("/career"),
    ("POST", "/career") => form("/career", "resume_updated=2026-11-20&linkedin_updated=2026-11-20&connections=250&target=500"),
    ("POST", "/career/accomplishments") => form("/career/accomplishments", "title=Shipped+search&on=2026-11-20&outcome=p99+down&link=https%3A%2F%2Fexample.org%2Fpost"),
    ("POST", "/career/accomplishments/{id}/remove") => form("/career/accomplishments/<accomplishment>/remove", ""),
    ("GET", "/career/brag.md") => get("/career/brag.md"),
    ("GET", "/signals") => get("/signals"),
    ("POST", "/signals") => form("/signals", "org=<org_name>&kind=hiring&on=2026-11-20&from=<contact>&note=2+roles"),
    ("GET", "/triage") => get("/triage"),
    ("POST", "/triage") => form("/triage", "id=<unsorted>&circle=close"),
    ("POST", "/triage/accept") => form("/triage/accept", "ids=<unsorted>"),
    ("POST", "/signals/{id}/remove") => form("/signals/<signal>/remove", ""),
    ("POST", "/interactions/{id}/delete") => form("/interactions/<touch>/delete", "back=%2Fcontacts%2F<contact>"),
    ("GET", "/interactions/{id}/edit") => get("/interactions/<touch>/edit?back=%2Fcontacts%2F<contact>"),
    ("POST", "/interactions/{id}/edit") => form("/interactions/<touch>/edit", "kind=lunch&on=2026-11-20&minutes=45&with=<contact>%2C<contact2>&note=Talked+shop&gave=advice&favor_with=<contact2>"),
    ("GET", "/orgs") => get("/orgs"),
    ("POST", "/orgs") => form("/orgs", "name=Initech+Labs&kind=employer"),
    ("GET", "/orgs/{id}") => get("/orgs/<org>"),
    ("POST", "/orgs/{id}/members") => form("/orgs/<org>/members", "who=<contact2>&role=employee&since=2025-01-01"),
    ("POST", "/orgs/{id}/mine") => form("/orgs/<org>/mine", "role=board&since=2025-01-01"),
    ("GET", "/import") => get("/import"),
        // The handler reads the multipart fields "file" (the upload: file name + bytes), "format", "circle", "me", "map", "skip_invalid".
    ("POST", "/import") => multipart("/import", "file", "Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nAda,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Engines,Analyst,12 Mar 2024\r\n", &[("format", "linkedin"), ("circle", "dormant"), ("me", ""), ("map", "")]),
    ("POST", "/import/{token}") => form("/import/<draft>", ""),
        // Silent for an unknown token (303 either way): check the victim's draft survives (finding 3).
    ("POST", "/import/{token}/cancel") => form("/import/<draft>/cancel", "").accepts_foreign("cancelling a draft that is not there leaves nothing to cancel"),
    ("GET", "/import/{token}/rejected") => get("/import/<draft>/rejected"),
    ("GET", "/export") => get("/export"),
    ("GET", "/export/{format}") => get("/export/vcard"),
    ("GET", "/login") => get("/login?next=%2F"),
    ("POST", "/login") => form("/login", "email=ada%40example.org&password=analytical+engine+notes&next=%2F"),
        // Ends the session: sign in again afterwards.
    ("POST", "/logout") => form("/logout", ""),
        // ───────────── Address book (src/dav/mod.rs): ANY ─────────────
    ("ANY", "/.well-known/carddav") => get("/.well-known/carddav").no_control("with accounts security::guard answers 404 for /.well-known/carddav (address book served only without accounts)"),
    ("ANY", "/dav") => json("PROPFIND", "/dav", "").no_control("with accounts security::guard answers 404 for /dav; without accounts it needs an app password in Basic auth"),
    ("ANY", "/dav/") => json("PROPFIND", "/dav/", "").no_control("with accounts security::guard answers 404 for /dav/; without accounts it needs an app password in Basic auth"),
    ("ANY", "/dav/{*rest}") => json("PROPFIND", "/dav/addressbooks/kith/contacts/", "").no_control("with accounts security::guard answers 404 for /dav/*; without accounts it needs an app password in Basic auth (cards are named by uid, not id)"),
        // ───────────── Service routes (src/lib.rs `service`) and the OpenAPI document ─────────────
    ("GET", "/assets/{hash}/{name}") => get("/assets/0/kith.css"),
    ("GET", "/feed/{file}") => get("/feed/<feed>"),
    ("GET", "/healthz") => get("/healthz"),
    ("GET", "/readyz") => get("/readyz"),
    ("GET", "/api/v1/openapi.json") => get("/api/v1/openapi.json"),
        // ───────────── JSON API (src/api/*.rs `#[utoipa::path]`) ─────────────
        // campaigns
    ("GET", "/api/v1/campaigns") => get("/api/v1/campaigns"),
    ("POST", "/api/v1/campaigns") => json("POST", "/api/v1/campaigns", r#"{"name":"Spring search","subject":"Coffee, {first_name}?","body":"Hi {first_name},\n{custom}","size":12}"#),
    ("GET", "/api/v1/campaigns/{id}") => get("/api/v1/campaigns/<campaign>"),
        // dry_run: reads the campaign and its drafted contact without a mail server (200, status would_send).
    ("POST", "/api/v1/campaigns/{id}/send") => json("POST", "/api/v1/campaigns/<campaign>/send", r#"{"only":[<campaign_contact>],"dry_run":true}"#),
    ("POST", "/api/v1/campaigns/{id}/stage") => json("POST", "/api/v1/campaigns/<campaign>/stage", r#"{"contact_id":<campaign_contact>,"stage":"replied"}"#),
        // career and signals
    ("GET", "/api/v1/career") => get("/api/v1/career"),
    ("PATCH", "/api/v1/career") => json("PATCH", "/api/v1/career", r#"{"resume_updated_on":"2026-11-20","linkedin_updated_on":"2026-11-20","connections":500,"connections_target":1000}"#),
    ("POST", "/api/v1/career/accomplishments") => json("POST", "/api/v1/career/accomplishments", r#"{"title":"Shipped X","on":"2026-11-20","outcome":"p99 down","link":"https://example.org/x"}"#),
    ("DELETE", "/api/v1/career/accomplishments/{id}") => json("DELETE", "/api/v1/career/accomplishments/<accomplishment>", ""),
    ("GET", "/api/v1/signals") => get("/api/v1/signals?org=<org_name>&since=2026-01-01"),
    ("POST", "/api/v1/signals") => json("POST", "/api/v1/signals", r#"{"org":"<org_name>","kind":"funding","on":"2026-11-20","from_id":<contact>,"note":"Series B"}"#),
    ("DELETE", "/api/v1/signals/{id}") => json("DELETE", "/api/v1/signals/<signal>", ""),
        // contacts
    ("GET", "/api/v1/contacts") => get("/api/v1/contacts?org=<org_name>&sort=warmth&limit=50").accepts_foreign("a filter by an organization the user does not have lists nobody"),
    ("POST", "/api/v1/contacts") => json("POST", "/api/v1/contacts", r#"{"name":"Alan Turing","emails":["alan@example.org"],"org":"Bletchley","title":"Cryptanalyst","circle":"active","met_on":"2026-11-20","tags":["eng"]}"#),
    ("POST", "/api/v1/contacts/bulk") => json("POST", "/api/v1/contacts/bulk", r#"{"ids":[<contact>,<contact2>],"add_tags":["eng"]}"#),
    ("DELETE", "/api/v1/contacts/{id}") => json("DELETE", "/api/v1/contacts/<contact>", ""),
    ("GET", "/api/v1/contacts/{id}") => get("/api/v1/contacts/<contact>"),
    ("PATCH", "/api/v1/contacts/{id}") => json("PATCH", "/api/v1/contacts/<contact>", r#"{"title":"Engineer","add_tags":["eng"]}"#),
    ("GET", "/api/v1/contacts/{id}/interactions") => get("/api/v1/contacts/<contact>/interactions"),
    ("POST", "/api/v1/contacts/{id}/merge") => json("POST", "/api/v1/contacts/<contact>/merge", r#"{"with":<contact2>,"keep":{"name":"first"}}"#),
    ("POST", "/api/v1/contacts/{id}/snooze") => json("POST", "/api/v1/contacts/<contact>/snooze", r#"{"for":"2w"}"#),
        // reports
    ("GET", "/api/v1/digest") => get("/api/v1/digest"),
    ("GET", "/api/v1/due") => get("/api/v1/due?within=30&limit=50"),
    ("GET", "/api/v1/duplicates") => get("/api/v1/duplicates?limit=50"),
    ("GET", "/api/v1/health") => get("/api/v1/health"),
    ("GET", "/api/v1/plan") => get("/api/v1/plan?size=5"),
        // events (the list filters by org ID; a foreign id gives 200 [])
    ("GET", "/api/v1/events") => get("/api/v1/events?org=<org>&since=2026-01-01").accepts_foreign("a filter by an organization the user does not have lists no event"),
    ("POST", "/api/v1/events") => json("POST", "/api/v1/events", r#"{"title":"Spring mixer","kind":"seminar","on":"2026-11-20","org":"<org_name>","minutes":90,"note":"Good talks","with":[<contact>]}"#),
    ("GET", "/api/v1/events/{id}") => get("/api/v1/events/<event>"),
        // exchange (import body is raw bytes, a LinkedIn CSV here; the handler ignores Content-Type)
    ("GET", "/api/v1/export/{format}") => get("/api/v1/export/json"),
    ("POST", "/api/v1/import/{format}") => json("POST", "/api/v1/import/linkedin?circle=dormant", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nGrace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,01 Feb 2020\r\n"),
        // follow-ups
    ("GET", "/api/v1/followups") => get("/api/v1/followups?all=true"),
    ("POST", "/api/v1/followups") => json("POST", "/api/v1/followups", r#"{"contact_id":<contact>,"in":"2w","note":"Send the deck"}"#),
    ("POST", "/api/v1/followups/{id}/done") => json("POST", "/api/v1/followups/<followup>/done", ""),
        // goals (measure+period must be new for the user; see the HTML case)
    ("GET", "/api/v1/goals") => get("/api/v1/goals"),
    ("POST", "/api/v1/goals") => json("POST", "/api/v1/goals", r#"{"measure":"meeting","period":"week","target":2}"#),
    ("DELETE", "/api/v1/goals/{id}") => json("DELETE", "/api/v1/goals/<goal>", ""),
    ("GET", "/api/v1/goals/{id}") => get("/api/v1/goals/<goal>"),
    ("PATCH", "/api/v1/goals/{id}") => json("PATCH", "/api/v1/goals/<goal>", r#"{"target":4}"#),
        // interactions
    ("POST", "/api/v1/interactions") => json("POST", "/api/v1/interactions", r#"{"contacts":[<contact>,<contact2>],"kind":"coffee","on":"2026-11-22","minutes":30,"note":"Caught up","gave":"an intro","favor_with":<contact2>,"done_followups":[<followup>]}"#),
    ("DELETE", "/api/v1/interactions/{id}") => json("DELETE", "/api/v1/interactions/<touch>", ""),
    ("GET", "/api/v1/interactions/{id}") => get("/api/v1/interactions/<touch>"),
    ("PATCH", "/api/v1/interactions/{id}") => json("PATCH", "/api/v1/interactions/<touch>", r#"{"note":"Talked shop","minutes":45,"contacts":[<contact>,<contact2>],"gave":"advice","favor_with":<contact2>}"#),
        // intros (ask: a path <contact2> via <contact> must exist; see the fixture assumptions)
    ("GET", "/api/v1/intros") => get("/api/v1/intros?org=<org_name>&limit=10"),
    ("POST", "/api/v1/intros/ask") => json("POST", "/api/v1/intros/ask", r#"{"contact":<contact2>,"target":<contact2>,"via":<contact>}"#),
        // merges: no id, the caller's own last merge (404 when none; see finding 3)
    ("GET", "/api/v1/merges/last") => get("/api/v1/merges/last"),
    ("POST", "/api/v1/merges/undo") => json("POST", "/api/v1/merges/undo", ""),
        // orgs
    ("GET", "/api/v1/orgs") => get("/api/v1/orgs"),
    ("POST", "/api/v1/orgs") => json("POST", "/api/v1/orgs", r#"{"name":"Umbrella Corp","kind":"employer"}"#),
    ("GET", "/api/v1/orgs/{id}") => get("/api/v1/orgs/<org>"),
    ("POST", "/api/v1/orgs/{id}/members") => json("POST", "/api/v1/orgs/<org>/members", r#"{"contact_id":<contact2>,"role":"employee","since":"2025-01-01"}"#),
        // relationships
    ("POST", "/api/v1/relationships") => json("POST", "/api/v1/relationships", r#"{"from":<contact>,"type":"classmate of","to":<contact2>,"note":"Same cohort","since":"2020-09-01"}"#),
    ("DELETE", "/api/v1/relationships/{id}") => json("DELETE", "/api/v1/relationships/<relationship>", ""),
        // sources and suggestions (sync: needs the key file; see finding 4)
    ("GET", "/api/v1/sources") => get("/api/v1/sources"),
    ("POST", "/api/v1/sources/{id}/sync") => json("POST", "/api/v1/sources/<source>/sync", ""),
    ("GET", "/api/v1/suggestions") => get("/api/v1/suggestions?limit=30"),
    ("POST", "/api/v1/suggestions/add") => json("POST", "/api/v1/suggestions/add", r#"{"address":"<suggestion>"}"#),
    ("POST", "/api/v1/suggestions/dismiss") => json("POST", "/api/v1/suggestions/dismiss", r#"{"address":"<suggestion>"}"#).accepts_foreign("dismissing an address is the user's own note, whoever the address is"),
        // triage
    ("GET", "/api/v1/triage") => get("/api/v1/triage?limit=50"),
    ("POST", "/api/v1/triage") => json("POST", "/api/v1/triage", r#"{"contacts":[{"id":<unsorted>,"circle":"close"}]}"#),
        // arms: 157 (HTML 88, address book 4, service routes 4, OpenAPI document 1, API 60)
        _ => return None,
    })
}
