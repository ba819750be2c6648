//! "Did you mean `x`?": the closest known name to a misspelt one.

/// The candidate closest to `name`, when it is close enough to be a likely typo:
/// a small edit distance for its length, or a long shared prefix (`elastic`).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if name.len() > 200 {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let max_edits = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            let lower = candidate.to_ascii_lowercase();
            (candidate, strsim::levenshtein(&name, &lower), strsim::jaro_winkler(&name, &lower))
        })
        .filter(|(_, edits, similarity)| {
            *edits <= max_edits || (name.len() >= 4 && *similarity >= 0.9)
        })
        .min_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)))
        .map(|(candidate, _, _)| candidate)
}

/// `help: did you mean `x`?`, when there is a close candidate.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|found| format!("did you mean `{found}`?"))
}

/// `` `a`, `b`, `c` `` for messages listing allowed names.
pub(crate) fn list(names: &[&str]) -> String {
    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}
