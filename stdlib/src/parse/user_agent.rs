//! User-Agent headers to browser, operating system and device category,
//! with a small hand-written rule set instead of a regex database.
//!
//! The rules know the browsers, systems, crawlers and HTTP tools that make
//! up nearly all traffic. They look for each product's token (`Firefox/`,
//! `Windows NT `, `Googlebot`) in a fixed order that settles the usual
//! overlaps: every Chromium browser also says `Chrome/` and `Safari/`, so
//! Edge, Opera, Samsung Internet and the others are tried before Chrome,
//! and Chrome before Safari. What the rules do not know gives `null`
//! rather than a guess. Only the first [`MAX_SCAN`] bytes are read, which
//! bounds the work on hostile input; real headers are far shorter.

/// How many bytes of the header the rules read.
pub const MAX_SCAN: usize = 2048;

/// What the rules found; `None` where they found nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agent {
    pub browser: Option<&'static str>,
    pub browser_version: Option<String>,
    pub os: Option<&'static str>,
    pub os_version: Option<String>,
    pub device: Option<&'static str>,
}

/// Crawlers: a lowercase token and the name to report.
const CRAWLERS: &[(&str, &str)] = &[
    ("googlebot", "Googlebot"),
    ("bingbot", "Bingbot"),
    ("yandexbot", "YandexBot"),
    ("baiduspider", "Baiduspider"),
    ("duckduckbot", "DuckDuckBot"),
    ("yahoo! slurp", "Yahoo! Slurp"),
    ("applebot", "Applebot"),
    ("facebookexternalhit", "facebookexternalhit"),
    ("twitterbot", "Twitterbot"),
    ("linkedinbot", "LinkedInBot"),
    ("slackbot", "Slackbot"),
    ("ahrefsbot", "AhrefsBot"),
    ("semrushbot", "SemrushBot"),
    ("petalbot", "PetalBot"),
    ("bytespider", "Bytespider"),
    ("gptbot", "GPTBot"),
    ("claudebot", "ClaudeBot"),
];

/// Words that mark an unnamed crawler. `bot` alone would also match phone
/// brands such as Cubot, so it counts only before `/`, `;`, `)` or `-`.
const CRAWLER_MARKS: &[&str] = &["bot/", "bot;", "bot)", "bot-", "spider", "crawler"];

/// HTTP libraries and command-line tools, which start the header.
const TOOLS: &[(&str, &str)] = &[
    ("curl/", "curl"),
    ("wget/", "Wget"),
    ("python-requests/", "Python Requests"),
    ("python-urllib/", "Python urllib"),
    ("go-http-client/", "Go-http-client"),
    ("okhttp/", "OkHttp"),
    ("apache-httpclient/", "Apache-HttpClient"),
    ("java/", "Java"),
    ("axios/", "axios"),
    ("node-fetch/", "node-fetch"),
    ("postmanruntime/", "PostmanRuntime"),
    ("httpie/", "HTTPie"),
    ("kube-probe/", "kube-probe"),
    ("elb-healthchecker/", "ELB-HealthChecker"),
    ("prometheus/", "Prometheus"),
];

/// Browsers in the order they are tried: a token, the name to report, and
/// the token whose number is the version when it is not the first one.
const BROWSERS: &[(&str, &str, Option<&str>)] = &[
    ("Edg/", "Edge", None),
    ("EdgA/", "Edge", None),
    ("EdgiOS/", "Edge", None),
    ("Edge/", "Edge", None),
    ("OPR/", "Opera", None),
    ("OPiOS/", "Opera", None),
    ("Opera/", "Opera", Some("Version/")),
    ("SamsungBrowser/", "Samsung Internet", None),
    ("YaBrowser/", "Yandex Browser", None),
    ("Vivaldi/", "Vivaldi", None),
    ("UCBrowser/", "UC Browser", None),
    ("FxiOS/", "Firefox", None),
    ("Firefox/", "Firefox", None),
    ("; wv)", "Android WebView", Some("Chrome/")),
    ("Chromium/", "Chromium", None),
    ("CriOS/", "Chrome", None),
    ("Chrome/", "Chrome", None),
    ("MSIE ", "Internet Explorer", None),
    ("Trident/", "Internet Explorer", Some("rv:")),
    ("Safari/", "Safari", Some("Version/")),
];

/// Windows NT kernel versions and the release names people know.
const WINDOWS: &[(&str, &str)] = &[
    ("10.0", "10"),
    ("6.3", "8.1"),
    ("6.2", "8"),
    ("6.1", "7"),
    ("6.0", "Vista"),
    ("5.2", "XP"),
    ("5.1", "XP"),
    ("5.0", "2000"),
];

/// Desktop systems without a version the rules read, in the order tried.
const DESKTOPS: &[(&str, &str)] = &[
    ("CrOS", "Chrome OS"),
    ("Ubuntu", "Ubuntu"),
    ("Fedora", "Fedora"),
    ("FreeBSD", "FreeBSD"),
    ("Linux", "Linux"),
];

/// Reads a User-Agent header.
pub fn parse(header: &str) -> Agent {
    let end = (0..=header.len().min(MAX_SCAN)).rev().find(|i| header.is_char_boundary(*i));
    let text = header.get(..end.unwrap_or(0)).unwrap_or("");
    // ASCII lowercasing keeps every byte offset, so matches in `lower`
    // index `text` too.
    let lower = text.to_ascii_lowercase();
    if let Some(agent) = crawler(text, &lower).or_else(|| tool(text, &lower)) {
        return agent;
    }
    let (browser, browser_version) = browser(text).unzip();
    let (os, os_version) = os(text).unzip();
    Agent {
        browser,
        browser_version: browser_version.flatten(),
        os,
        os_version: os_version.flatten(),
        device: device(text, os),
    }
}

fn crawler(text: &str, lower: &str) -> Option<Agent> {
    let named = CRAWLERS.iter().find_map(|(token, name)| {
        lower.find(token).map(|at| (Some(*name), version_after(text, at + token.len(), "/")))
    });
    let unnamed = || CRAWLER_MARKS.iter().any(|mark| lower.contains(mark)).then_some((None, None));
    let (browser, browser_version) = named.or_else(unnamed)?;
    Some(Agent { browser, browser_version, device: Some("crawler"), ..Agent::default() })
}

fn tool(text: &str, lower: &str) -> Option<Agent> {
    let (token, name) = TOOLS.iter().find(|(token, _)| lower.starts_with(token))?;
    let browser_version = version_after(text, token.len(), "");
    Some(Agent { browser: Some(name), browser_version, device: Some("misc"), ..Agent::default() })
}

fn browser(text: &str) -> Option<(&'static str, Option<String>)> {
    BROWSERS.iter().find_map(|(token, name, version_token)| {
        let at = text.find(token)?;
        let version = match version_token {
            None => version_after(text, at + token.len(), ""),
            Some(other) => text.find(other).and_then(|v| version_after(text, v + other.len(), "")),
        };
        Some((*name, version))
    })
}

fn os(text: &str) -> Option<(&'static str, Option<String>)> {
    if let Some(at) = text.find("Windows Phone") {
        return Some(("Windows Phone", version_after(text, at + "Windows Phone".len(), " ")));
    }
    if let Some(at) = text.find("Windows NT ") {
        let kernel = version_after(text, at + "Windows NT ".len(), "");
        let release = kernel.map(|k| {
            WINDOWS.iter().find(|(nt, _)| *nt == k).map_or(k, |(_, name)| (*name).to_owned())
        });
        return Some(("Windows", release));
    }
    if text.contains("Windows") {
        return Some(("Windows", None));
    }
    let ios =
        ["iPhone OS ", "CPU OS "].iter().find_map(|token| Some(text.find(token)? + token.len()));
    if let Some(start) = ios {
        return Some(("iOS", underscored_version(text, start)));
    }
    if ["iPhone", "iPad", "iPod"].iter().any(|device| text.contains(device)) {
        return Some(("iOS", None));
    }
    if let Some(at) = text.find("Android") {
        return Some(("Android", version_after(text, at + "Android".len(), " ")));
    }
    if let Some(at) = text.find("Mac OS X") {
        return Some(("Mac OS X", underscored_version(text, at + "Mac OS X".len() + 1)));
    }
    DESKTOPS.iter().find(|(token, _)| text.contains(token)).map(|(_, name)| (*name, None))
}

fn device(text: &str, os: Option<&str>) -> Option<&'static str> {
    let android = os == Some("Android");
    if text.contains("iPad") || text.contains("Tablet") || (android && !text.contains("Mobile")) {
        return Some("tablet");
    }
    if ["iPhone", "iPod", "Mobile", "Windows Phone"].iter().any(|word| text.contains(word)) {
        return Some("smartphone");
    }
    os.is_some().then_some("pc")
}

/// The version number at `start` after an optional `separator`: digits and
/// dots, starting with a digit; `None` when there is none.
fn version_after(text: &str, start: usize, separator: &str) -> Option<String> {
    let rest = text.get(start..)?;
    let rest = rest.strip_prefix(separator).unwrap_or(rest);
    let len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let version = rest.get(..len)?.trim_end_matches('.');
    version.starts_with(|c: char| c.is_ascii_digit()).then(|| version.to_owned())
}

/// Apple writes versions with underscores (`10_15_7`); they read with dots.
fn underscored_version(text: &str, start: usize) -> Option<String> {
    let rest = text.get(start..)?;
    let len =
        rest.find(|c: char| !(c.is_ascii_digit() || c == '_' || c == '.')).unwrap_or(rest.len());
    let version = rest.get(..len)?.replace('_', ".");
    let version = version.trim_end_matches('.');
    version.starts_with(|c: char| c.is_ascii_digit()).then(|| version.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(header: &str) -> String {
        let agent = parse(header);
        let show = |v: Option<&str>| v.unwrap_or("-").to_owned();
        format!(
            "{} {} | {} {} | {}",
            show(agent.browser),
            show(agent.browser_version.as_deref()),
            show(agent.os),
            show(agent.os_version.as_deref()),
            show(agent.device)
        )
    }

    #[test]
    fn desktop_browsers() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                "Chrome 120.0.0.0 | Windows 10 | pc",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
                "Edge 120.0.2210.91 | Windows 10 | pc",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
                "Safari 17.1 | Mac OS X 10.15.7 | pc",
            ),
            (
                "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
                "Firefox 121.0 | Ubuntu - | pc",
            ),
            (
                "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
                "Internet Explorer 11.0 | Windows 7 | pc",
            ),
            (
                "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)",
                "Internet Explorer 8.0 | Windows XP | pc",
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
                "Opera 106.0.0.0 | Chrome OS - | pc",
            ),
            (
                "Opera/9.80 (Windows NT 6.0) Presto/2.12.388 Version/12.14",
                "Opera 12.14 | Windows Vista | pc",
            ),
        ];
        for (header, expected) in cases {
            assert_eq!(summary(header), expected, "{header}");
        }
    }

    #[test]
    fn mobile_browsers() {
        let cases = [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
                "Safari 17.2 | iOS 17.2 | smartphone",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
                "Chrome 120.0.6099.119 | iOS 16.6 | tablet",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
                "Chrome 120.0.6099.144 | Android 14 | smartphone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36",
                "Samsung Internet 23.0 | Android 13 | tablet",
            ),
            (
                "Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36",
                "Android WebView 120.0.6099.43 | Android 10 | smartphone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0 Mobile Safari/537.36",
                "Chrome 99.0 | Android 10 | smartphone",
            ),
        ];
        for (header, expected) in cases {
            assert_eq!(summary(header), expected, "{header}");
        }
    }

    #[test]
    fn crawlers_and_tools() {
        let cases = [
            (
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                "Googlebot 2.1 | - - | crawler",
            ),
            (
                "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
                "Yahoo! Slurp - | - - | crawler",
            ),
            ("SomeNewBot/0.1 (+https://example.com)", "- - | - - | crawler"),
            ("curl/8.4.0", "curl 8.4.0 | - - | misc"),
            ("python-requests/2.31.0", "Python Requests 2.31.0 | - - | misc"),
            ("kube-probe/1.29", "kube-probe 1.29 | - - | misc"),
            ("Apache-HttpClient/4.5.13 (Java/11.0.12)", "Apache-HttpClient 4.5.13 | - - | misc"),
        ];
        for (header, expected) in cases {
            assert_eq!(summary(header), expected, "{header}");
        }
    }

    #[test]
    fn unknown_and_hostile_input() {
        assert_eq!(parse(""), Agent::default());
        assert_eq!(parse("Mozilla/5.0"), Agent::default());
        assert_eq!(summary("Windows NT ."), "- - | Windows - | pc");
        assert_eq!(summary("Firefox/"), "Firefox - | - - | -");
        assert_eq!(summary("Android 14."), "- - | Android 14 | tablet");
        // A token beyond the scanned prefix is not seen, and a cut inside a
        // multi-byte character is moved back to its start.
        let long = format!("a{}Firefox/1.0", "é".repeat(MAX_SCAN));
        assert_eq!(parse(&long), Agent::default());
        let huge = "Chrome/".repeat(1 << 16);
        assert_eq!(summary(&huge), "Chrome - | - - | -");
    }
}
