//! Rebuilds the server when a migration is added or changed: `embed_migrations!` compiles the
//! `migrations/` folder into the binary, and Cargo cannot see that dependency by itself.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
