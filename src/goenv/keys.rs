//! The settings gomirror models, and the go command's own list of known variables.

use super::version::GoVersion;

/// The module-download settings, in the order they are shown.
pub const DOWNLOAD_KEYS: &[&str] = &[
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOINSECURE",
    "GOAUTH",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOVCS",
];

/// The network settings the go command reads only from the process environment (`go env -w`
/// refuses them): the company proxy and its root CA. A project's `.envrc` (and the editors'
/// environments) can carry them; the env file cannot.
pub const NETWORK_KEYS: &[&str] = &["HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE"];

/// Context settings shown beside them.
pub const CONTEXT_KEYS: &[&str] = &["GOENV", "GOROOT", "GOVERSION", "GOMODCACHE", "GOPATH"];

/// Every key the settings model reports.
pub fn model_keys() -> impl Iterator<Item = &'static str> {
    DOWNLOAD_KEYS.iter().chain(CONTEXT_KEYS).copied()
}

/// `internal/cfg.KnownEnv` of Go 1.24 to 1.27.
const KNOWN_ENV: &[&str] = &[
    "AR",
    "CC",
    "CGO_CFLAGS",
    "CGO_CFLAGS_ALLOW",
    "CGO_CFLAGS_DISALLOW",
    "CGO_CPPFLAGS",
    "CGO_CPPFLAGS_ALLOW",
    "CGO_CPPFLAGS_DISALLOW",
    "CGO_CXXFLAGS",
    "CGO_CXXFLAGS_ALLOW",
    "CGO_CXXFLAGS_DISALLOW",
    "CGO_ENABLED",
    "CGO_FFLAGS",
    "CGO_FFLAGS_ALLOW",
    "CGO_FFLAGS_DISALLOW",
    "CGO_LDFLAGS",
    "CGO_LDFLAGS_ALLOW",
    "CGO_LDFLAGS_DISALLOW",
    "CXX",
    "FC",
    "GCCGO",
    "GO111MODULE",
    "GO386",
    "GOAMD64",
    "GOARCH",
    "GOARM",
    "GOARM64",
    "GOAUTH",
    "GOBIN",
    "GOCACHE",
    "GOCACHEPROG",
    "GOENV",
    "GOEXE",
    "GOEXPERIMENT",
    "GOFIPS140",
    "GOFLAGS",
    "GOGCCFLAGS",
    "GOHOSTARCH",
    "GOHOSTOS",
    "GOINSECURE",
    "GOMIPS",
    "GOMIPS64",
    "GOMODCACHE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOOS",
    "GOPATH",
    "GOPPC64",
    "GOPRIVATE",
    "GOPROXY",
    "GORISCV64",
    "GOROOT",
    "GOSUMDB",
    "GOTMPDIR",
    "GOTOOLCHAIN",
    "GOTOOLDIR",
    "GOVCS",
    "GOWASM",
    "GOWORK",
    "GO_EXTLINK_ENABLED",
    "PKG_CONFIG",
];

/// Whether `key` is in the KnownEnv list of the given go version (latest when unknown).
pub fn is_known(key: &str, version: Option<&GoVersion>) -> bool {
    if !KNOWN_ENV.contains(&key) {
        return false;
    }
    let Some(v) = version else { return true };
    match key {
        "GOAUTH" | "GOARM64" | "GOCACHEPROG" | "GOFIPS140" => v.at_least(1, 24),
        "GORISCV64" => v.at_least(1, 23),
        "GOTOOLCHAIN" => v.at_least(1, 21),
        _ => true,
    }
}

/// Why the go command refuses to write `key` at all, if it does (`checkEnvWrite`, first part).
pub fn write_refusal(key: &str, version: Option<&GoVersion>) -> Option<String> {
    let latest = version.is_none_or(|v| v.at_least(1, 25));
    let telemetry = version.is_none_or(|v| v.at_least(1, 23));
    match key {
        "GOEXE" | "GOGCCFLAGS" | "GOHOSTARCH" | "GOHOSTOS" | "GOMOD" | "GOTOOLDIR"
        | "GOVERSION" | "GOWORK" => Some(format!("{key} cannot be modified")),
        "GOTELEMETRY" | "GOTELEMETRYDIR" if telemetry => Some(format!("{key} cannot be modified")),
        "GOROOT" if latest => Some(format!("{key} cannot be modified")),
        "GOENV" => Some(format!("{key} can only be set using the OS environment")),
        "GODEBUG" if version.is_none_or(|v| v.at_least(1, 24)) => {
            Some(format!("{key} can only be set using the OS environment"))
        }
        _ => None,
    }
}
