//! Every route the app answers, listed from the same tables the router is built from: the pages,
//! the address book and the service routes through [`listed_routes!`], the API from its OpenAPI
//! document. The isolation suite tries each one as another account and fails on a route it has
//! no case for, so a new route cannot arrive untested.

/// One route: a method (`ANY` for a route that takes every method) and its path pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListedRoute {
    pub method: String,
    pub path: String,
}

/// Builds `routes()` and `LISTED` from one table of `"path" => method_router` lines, so what is
/// served and what is listed cannot differ. Calls chained on a method router that are not HTTP
/// methods (`.layer(…)`) are served and left out of the list.
macro_rules! listed_routes {
    ($($path:literal => $first:ident($($a:tt)*) $(.$next:ident($($b:tt)*))*),* $(,)?) => {
        pub fn routes() -> axum::Router<$crate::state::AppState> {
            axum::Router::new() $(.route($path, $first($($a)*) $(.$next($($b)*))*))*
        }

        /// Each route above with the names called on its method router, for [`crate::route_list`].
        pub const LISTED: &[(&str, &[&str])] = &[$(($path, &[stringify!($first) $(, stringify!($next))*])),*];
    };
}
pub(crate) use listed_routes;

/// The method-router calls that are HTTP methods.
const METHODS: [&str; 6] = ["get", "post", "put", "patch", "delete", "any"];

/// Every route of [`crate::app`], by path then method.
pub fn every_route() -> Vec<ListedRoute> {
    let tables = [crate::html::LISTED, crate::dav::LISTED, crate::service::LISTED];
    let mut routes: Vec<ListedRoute> = tables
        .into_iter()
        .flatten()
        .flat_map(|(path, calls)| {
            calls
                .iter()
                .filter(|c| METHODS.contains(c))
                .map(|m| ListedRoute { method: m.to_ascii_uppercase(), path: (*path).to_string() })
        })
        .collect();
    for (path, item) in crate::api::openapi().paths.paths {
        let operations = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, _) in operations.into_iter().filter(|(_, op)| op.is_some()) {
            routes.push(ListedRoute { method: method.into(), path: path.clone() });
        }
    }
    routes.push(ListedRoute { method: "GET".into(), path: crate::api::DOCUMENT_PATH.into() });
    routes.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    routes
}
