//! The readiness check an operator's load balancer asks: ready only when the database holds
//! exactly the migrations this kith knows.

use kith_store::Readiness;

use crate::support::Env;

conformance!(a_database_is_ready_only_with_exactly_the_migrations_this_kith_knows);

async fn a_database_is_ready_only_with_exactly_the_migrations_this_kith_knows(env: &Env) {
    let s = env.store.as_ref();
    assert_eq!(s.readiness().await.unwrap(), Readiness::Ready, "a database kith just opened");
    // A newer kith, on another server, migrated it further.
    env.fake_future_migration().await;
    assert_eq!(s.readiness().await.unwrap(), Readiness::Ahead { unknown: vec![99999999] });
    env.execute("DELETE FROM _sqlx_migrations WHERE version = 99999999").await;
    assert_eq!(s.readiness().await.unwrap(), Readiness::Ready);
    // Without its newest migration the database is behind this kith.
    env.execute("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
    let Readiness::Behind { missing } = s.readiness().await.unwrap() else { panic!("not behind") };
    assert_eq!(missing.len(), 1, "{missing:?}");
    // Nor is one that failed.
    env.execute(
        "UPDATE _sqlx_migrations SET success = FALSE WHERE version = (SELECT MIN(version) FROM _sqlx_migrations)",
    )
    .await;
    let Readiness::Behind { missing } = s.readiness().await.unwrap() else { panic!("not behind") };
    assert_eq!(missing.len(), 2, "{missing:?}");
}
