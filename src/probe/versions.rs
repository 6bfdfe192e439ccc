//! Go module version order, as the go command compares the versions a mirror lists.

/// Semantic-version comparison of Go module versions (`v1.2.3`, `v1.2.3-pre`, `+incompatible`).
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(v: &str) -> Option<(Vec<u64>, Option<&str>)> {
        let v = v.strip_prefix('v')?;
        let v = v.split('+').next().unwrap_or(v);
        let (core, pre) = match v.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (v, None),
        };
        let nums: Option<Vec<u64>> = core.split('.').map(|n| n.parse().ok()).collect();
        Some((nums?, pre))
    }
    match (parts(a), parts(b)) {
        (Some((na, pa)), Some((nb, pb))) => na.cmp(&nb).then_with(|| match (pa, pb) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y),
        }),
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The newest valid version in a list.
pub fn newest<'a>(versions: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    versions
        .filter(|v| v.starts_with('v'))
        .max_by(|a, b| compare_versions(a, b))
}

/// The version most answering mirrors have reached: the highest version that more than half of
/// the mirrors that named one list (so one mirror cannot mark all the others stale).
pub fn majority_newest<'a>(versions: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut vs: Vec<&str> = versions.filter(|v| !v.is_empty()).collect();
    if vs.is_empty() {
        return None;
    }
    vs.sort_by(|a, b| compare_versions(b, a));
    // Sorted newest first: the version at index floor(n/2) is reached by more than half.
    Some(vs[vs.len() / 2].to_string())
}
