// The migrations are embedded by `sqlx::migrate!`, which cargo does not know to watch: a changed or
// new migration must rebuild the crate, or a binary would carry the schema of the build before.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
