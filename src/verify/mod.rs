//! Proof that settings work: the explainer for go command output (and, next, verification
//! with a real `go mod download`).

pub mod explain;
