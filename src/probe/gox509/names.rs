//! Names as Go's `crypto/x509` checks them: `VerifyHostname` (SANs only, wildcards in the first
//! label, IPs against IP SANs) and name constraints (`matchDomainConstraint`, IP ranges, e-mail
//! and URI hosts), excluded subtrees before permitted ones.

use super::problem::CertProblem;
use std::net::IpAddr;
use x509_parser::extensions::{GeneralName, NameConstraints};

/// The subjectAltNames Go reads from a certificate.
#[derive(Clone, Debug, Default)]
pub struct Sans {
    /// The extension is present (even if empty).
    pub present: bool,
    pub dns: Vec<String>,
    pub ips: Vec<IpAddr>,
    pub emails: Vec<String>,
    pub uris: Vec<String>,
}

impl Sans {
    /// The SANs of a parsed certificate.
    pub fn of(cert: &x509_parser::certificate::X509Certificate<'_>) -> Self {
        let mut out = Self::default();
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            out.present = true;
            for name in &san.value.general_names {
                match name {
                    GeneralName::DNSName(d) => out.dns.push((*d).to_string()),
                    GeneralName::IPAddress(b) => {
                        if let Some(ip) = ip_from_bytes(b) {
                            out.ips.push(ip);
                        }
                    }
                    GeneralName::RFC822Name(e) => out.emails.push((*e).to_string()),
                    GeneralName::URI(u) => out.uris.push((*u).to_string()),
                    _ => {}
                }
            }
        }
        out
    }
}

fn ip_from_bytes(b: &[u8]) -> Option<IpAddr> {
    match b.len() {
        4 => <[u8; 4]>::try_from(b).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(b).ok().map(IpAddr::from),
        _ => None,
    }
}

fn same_ip(a: IpAddr, b: IpAddr) -> bool {
    // Go's net.IP.Equal treats an IPv4 address and its IPv4-mapped IPv6 form as equal.
    let canon = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    canon(a) == canon(b)
}

/// Go's `matchHostnames`: same number of labels, `*` only as the whole first label.
fn match_hostnames(pattern: &str, host: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    if pattern.is_empty() || host.is_empty() {
        return false;
    }
    let p: Vec<&str> = pattern.split('.').collect();
    let h: Vec<&str> = host.split('.').collect();
    p.len() == h.len()
        && p.iter()
            .zip(&h)
            .enumerate()
            .all(|(i, (pp, hp))| (i == 0 && *pp == "*") || pp == hp)
}

/// Go's `validHostname` for input (no wildcards) and for patterns (a `*.` first label allowed).
fn valid_hostname(host: &str, is_pattern: bool) -> bool {
    let host = if is_pattern {
        host
    } else {
        host.strip_suffix('.').unwrap_or(host)
    };
    if host.is_empty() {
        return false;
    }
    if host == "*" {
        return false;
    }
    for (i, part) in host.split('.').enumerate() {
        if part.is_empty() {
            return false;
        }
        if is_pattern && i == 0 && part == "*" {
            continue;
        }
        for (j, c) in part.chars().enumerate() {
            let ok = c.is_ascii_alphanumeric() || (c == '-' && j != 0) || c == '_';
            if !ok {
                return false;
            }
        }
    }
    true
}

/// Go's `Certificate.VerifyHostname` followed by `HostnameError.Error`'s choice of message.
pub fn verify_hostname(
    sans: &Sans,
    common_name: Option<&str>,
    host: &str,
) -> Result<(), CertProblem> {
    let candidate_ip = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = candidate_ip.parse::<IpAddr>() {
        if sans.ips.iter().any(|s| same_ip(*s, ip)) {
            return Ok(());
        }
        if !sans.present && common_name.is_some_and(|cn| match_hostnames(cn, candidate_ip)) {
            return Err(CertProblem::LegacyCommonName {
                host: candidate_ip.to_string(),
            });
        }
        if sans.ips.is_empty() {
            return Err(CertProblem::NoIpSans {
                host: candidate_ip.to_string(),
            });
        }
        return Err(CertProblem::HostnameMismatch {
            host: candidate_ip.to_string(),
            valid_for: sans.ips.iter().map(ToString::to_string).collect(),
        });
    }
    let name = host.to_ascii_lowercase();
    let valid_input = valid_hostname(&name, false);
    for pattern in &sans.dns {
        let matched = if valid_input && valid_hostname(pattern, true) {
            match_hostnames(pattern, &name)
        } else {
            pattern.eq_ignore_ascii_case(&name)
        };
        if matched {
            return Ok(());
        }
    }
    if !sans.present && common_name.is_some_and(|cn| match_hostnames(cn, host)) {
        return Err(CertProblem::LegacyCommonName {
            host: host.to_string(),
        });
    }
    Err(CertProblem::HostnameMismatch {
        host: host.to_string(),
        valid_for: sans.dns.clone(),
    })
}

/// Reversed labels of a domain, as Go's `domainToReverseLabels` (None for an empty label).
fn reverse_labels(domain: &str) -> Option<Vec<String>> {
    if domain.is_empty() {
        return Some(Vec::new());
    }
    let mut labels: Vec<String> = domain.split('.').map(str::to_string).collect();
    labels.reverse();
    if labels.iter().any(String::is_empty) {
        return None;
    }
    Some(labels)
}

/// Go's `matchDomainConstraint` (a leading `.` requires at least one more label).
fn match_domain(domain: &str, constraint: &str) -> Result<bool, String> {
    if constraint.is_empty() {
        return Ok(true);
    }
    let d = reverse_labels(domain).ok_or_else(|| format!("cannot parse domain {domain:?}"))?;
    let (must_have_sub, c) = match constraint.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, constraint),
    };
    let c = reverse_labels(c).ok_or_else(|| format!("cannot parse domain {constraint:?}"))?;
    if d.len() < c.len() || (must_have_sub && d.len() == c.len()) {
        return Ok(false);
    }
    Ok(c.iter().zip(&d).all(|(a, b)| a.eq_ignore_ascii_case(b)))
}

fn match_ip(ip: IpAddr, constraint: &[u8]) -> bool {
    let (addr, mask) = constraint.split_at(constraint.len() / 2);
    let bytes: Vec<u8> = match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    };
    bytes.len() == addr.len()
        && bytes
            .iter()
            .zip(addr)
            .zip(mask)
            .all(|((b, a), m)| b & m == a & m)
}

fn match_email(email: &str, constraint: &str) -> Result<bool, String> {
    if constraint.contains('@') {
        return Ok(email.eq_ignore_ascii_case(constraint));
    }
    let domain = email
        .rsplit_once('@')
        .map(|(_, d)| d)
        .ok_or_else(|| format!("cannot parse rfc822Name {email:?}"))?;
    match_domain(domain, constraint)
}

fn uri_host(uri: &str) -> Option<&str> {
    let rest = uri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if hostport.starts_with('[') {
        hostport
            .split(']')
            .next()
            .map(|h| h.trim_start_matches('['))?
    } else {
        hostport.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// Go's `checkNameConstraints` for every name of one certificate against one CA's constraints.
pub fn check_constraints(
    sans: &Sans,
    constraints: &NameConstraints<'_>,
    ca_subject: &str,
) -> Result<(), CertProblem> {
    let fail = |detail: String| CertProblem::NameConstraint {
        subject: ca_subject.to_string(),
        detail,
    };
    let excluded = constraints.excluded_subtrees.as_deref().unwrap_or(&[]);
    let permitted = constraints.permitted_subtrees.as_deref().unwrap_or(&[]);
    // For each name: excluded first (any match refuses), then permitted (of that type, one
    // must match if any exist).
    let check = |kind: &str,
                 name: &str,
                 matcher: &dyn Fn(&GeneralName<'_>) -> Option<Result<bool, String>>|
     -> Result<(), CertProblem> {
        for sub in excluded {
            if let Some(m) = matcher(&sub.base) {
                match m {
                    Ok(true) => {
                        return Err(fail(format!("{kind} {name:?} is excluded by a constraint")));
                    }
                    Ok(false) => {}
                    Err(e) => return Err(fail(e)),
                }
            }
        }
        let mut any_of_type = false;
        for sub in permitted {
            if let Some(m) = matcher(&sub.base) {
                any_of_type = true;
                match m {
                    Ok(true) => return Ok(()),
                    Ok(false) => {}
                    Err(e) => return Err(fail(e)),
                }
            }
        }
        if any_of_type {
            return Err(fail(format!(
                "{kind} {name:?} is not permitted by any constraint"
            )));
        }
        Ok(())
    };
    for dns in &sans.dns {
        if reverse_labels(dns).is_none() {
            return Err(fail(format!("cannot parse dnsName {dns:?}")));
        }
        check("DNS name", dns, &|g| match g {
            GeneralName::DNSName(c) => Some(match_domain(dns, c)),
            _ => None,
        })?;
    }
    for ip in &sans.ips {
        let shown = ip.to_string();
        check("IP address", &shown, &|g| match g {
            GeneralName::IPAddress(c) => Some(Ok(match_ip(*ip, c))),
            _ => None,
        })?;
    }
    for email in &sans.emails {
        check("email address", email, &|g| match g {
            GeneralName::RFC822Name(c) => Some(match_email(email, c)),
            _ => None,
        })?;
    }
    for uri in &sans.uris {
        let host = uri_host(uri).unwrap_or("");
        check("URI", uri, &|g| match g {
            GeneralName::URI(c) => Some(match_domain(host, c)),
            _ => None,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames_match_as_go_matches_them() {
        assert!(match_hostnames("*.example.com", "a.example.com"));
        assert!(!match_hostnames("*.example.com", "example.com"));
        assert!(!match_hostnames("*.example.com", "a.b.example.com"));
        assert!(match_hostnames("Example.COM", "example.com."));
        assert!(!match_hostnames("a*.example.com", "ab.example.com"));
    }

    #[test]
    fn domain_constraints_follow_go() {
        assert_eq!(match_domain("a.corp.example", "corp.example"), Ok(true));
        assert_eq!(match_domain("corp.example", "corp.example"), Ok(true));
        assert_eq!(match_domain("corp.example", ".corp.example"), Ok(false));
        assert_eq!(match_domain("xcorp.example", "corp.example"), Ok(false));
        assert_eq!(match_domain("anything", ""), Ok(true));
    }

    #[test]
    fn ip_constraints_are_ranges() {
        let c = [127, 0, 0, 0, 255, 0, 0, 0];
        assert!(match_ip("127.0.0.1".parse().unwrap(), &c));
        assert!(!match_ip("10.0.0.1".parse().unwrap(), &c));
        assert!(!match_ip("::1".parse().unwrap(), &c));
    }
}
