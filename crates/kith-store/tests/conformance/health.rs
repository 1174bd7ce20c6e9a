//! The readiness check an operator's load balancer asks: ready only when the database holds
//! exactly the migrations this kith knows.

use kith_store::Readiness;

use crate::support::Env;

conformance!(a_database_is_ready_only_with_every_migration_this_kith_knows);

async fn a_database_is_ready_only_with_every_migration_this_kith_knows(env: &Env) {
    let s = env.store.as_ref();
    assert_eq!(s.readiness().await.unwrap(), Readiness::Ready, "a database kith just opened");
    // A newer kith, on another server, migrated it further.
    env.execute("UPDATE _sqlx_migrations SET version = 99991231000000 WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
        .await;
    let Readiness::Ahead { applied, known } = s.readiness().await.unwrap() else { panic!("not ahead") };
    assert_eq!(applied, 99991231000000);
    assert!(known < applied);
    // Without its newest migration the database is behind this kith.
    env.execute("DELETE FROM _sqlx_migrations WHERE version = 99991231000000").await;
    let Readiness::Behind { applied, known: needed } = s.readiness().await.unwrap() else { panic!("not behind") };
    assert!(applied < needed && needed == known, "{applied} {needed} {known}");
}
