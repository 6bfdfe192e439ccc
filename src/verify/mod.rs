//! Proof that settings work: the explainer for go command output, and verification with a
//! real `go mod download` in a throwaway module cache.

pub mod explain;
pub mod job;
mod modfile;
pub mod run;
