//! The file sink: paths per event, compression and rotation.

use std::io::Read;

use lgp_lang::schema::parse_template;

use super::*;
use crate::config::Codec;

fn config(dir: &Path, path: &str) -> FileOutputConfig {
    let template =
        parse_template(&format!("{}/{path}", dir.display())).unwrap_or_else(|e| panic!("{e}"));
    FileOutputConfig {
        path: template,
        codec: Codec::Text(None),
        rotate_max_bytes: None,
        rotate_interval: None,
        rotate_max_files: None,
        compression: Compression::None,
    }
}

fn events(messages: &[(&str, &str)]) -> Vec<Event> {
    messages
        .iter()
        .map(|(service, message)| {
            Event::from_json(&serde_json::json!({ "service": service, "message": message }))
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn events_go_to_the_file_their_fields_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut sink = FileSink::new(config(dir.path(), "{{ .service }}/app.log"));
    let written = sink.write_batch(events(&[("a", "one"), ("b", "two"), ("a", "three")]));
    assert!(written.failed.is_empty());
    assert_eq!(written.bytes, 14);
    sink.write_batch(events(&[("a", "four")]));
    assert!(sink.close().is_ok());
    assert_eq!(read(&dir.path().join("a/app.log")), "one\nthree\nfour\n");
    assert_eq!(read(&dir.path().join("b/app.log")), "two\n");
}

#[test]
fn gzip_and_zstd_files_read_back_whole_across_reopening() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for compression in [Compression::Gzip, Compression::Zstd] {
        for batch in [["x", "1"], ["x", "2"]] {
            // A new sink per batch: the second opening appends a new member/frame.
            let mut sink =
                FileSink::new(FileOutputConfig { compression, ..config(dir.path(), "c.log") });
            sink.write_batch(events(&[(batch[0], batch[1])]));
            assert!(sink.close().is_ok());
        }
    }
    let mut text = String::new();
    let gz = std::fs::File::open(dir.path().join("c.log.gz")).unwrap_or_else(|e| panic!("{e}"));
    flate2::read::MultiGzDecoder::new(gz)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text, "1\n2\n");
    let zst = std::fs::read(dir.path().join("c.log.zst")).unwrap_or_else(|e| panic!("{e}"));
    let decoded = zstd::decode_all(&zst[..]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8(decoded).unwrap_or_default(), "1\n2\n");
}

#[test]
fn size_rotation_shifts_names_and_keeps_max_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = FileOutputConfig {
        rotate_max_bytes: Some(4),
        rotate_max_files: Some(2),
        ..config(dir.path(), "r.log")
    };
    let mut sink = FileSink::new(config);
    for message in ["aaaa", "bbbb", "cccc", "dd"] {
        sink.write_batch(events(&[("s", message)]));
    }
    assert!(sink.close().is_ok());
    let path = dir.path().join("r.log");
    assert_eq!(read(&path), "dd\n");
    assert_eq!(read(&dir.path().join("r.log.1")), "cccc\n");
    assert_eq!(read(&dir.path().join("r.log.2")), "bbbb\n");
    assert!(!dir.path().join("r.log.3").exists(), "the oldest file is deleted");
}

#[test]
fn an_unwritable_path_fails_only_its_events() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("blocker"), "a file, not a directory")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut sink = FileSink::new(config(dir.path(), "{{ .service }}/x.log"));
    let written = sink.write_batch(events(&[("blocker", "lost"), ("ok", "kept")]));
    let failed: Vec<String> =
        written.failed.iter().map(|(_, e)| crate::codec::text_of(&e.fields)).collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].contains("lost"));
    assert!(written.failed[0].0.starts_with("cannot write `"), "{}", written.failed[0].0);
    assert_eq!(read(&dir.path().join("ok/x.log")), "kept\n");
}
