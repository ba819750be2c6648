//! The projected `parse_json` scan on W1's data (`json.log`): the
//! projections W1 and E2 make, every field kept as text, and the full parser
//! beside them for scale. Data: `$LGP_BENCH_DATA/json.log`, generated with
//! `benches/gen_logs.py` when absent.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lgp_stdlib::Str;
use lgp_stdlib::parse::json::{self, DEFAULT_MAX_DEPTH};
use lgp_stdlib::parse::json_projection::{Projection, parse_projected};

const LINES: usize = 20_000;

fn names(list: &[&'static str]) -> Vec<Str> {
    list.iter().map(|name| Str::from_static(name)).collect()
}

/// The projections the compiler makes for W1 and E2, and one keeping
/// every field as text (the scan alone).
fn projections() -> [(&'static str, Projection); 3] {
    [
        (
            "w1",
            Projection {
                keep: names(&["duration_ms", "env", "service", "slow", "svc"]),
                skip: names(&["tags"]),
            },
        ),
        ("e2", Projection { keep: names(&["env", "host", "hostname"]), skip: names(&["tags"]) }),
        ("all_raw", Projection::default()),
    ]
}

fn projection(c: &mut Criterion) {
    let data = lgp_benches::bench_data(LINES);
    let lines: Vec<Str> = lgp_benches::read_lines(&data.join("json.log"))
        .into_iter()
        .take(LINES)
        .map(Str::from)
        .collect();
    let bytes: usize = lines.iter().map(|line| line.len()).sum();
    let mut group = c.benchmark_group("projection");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, projection) in projections() {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut fields = 0usize;
                for line in &lines {
                    if let Some((object, raw)) =
                        parse_projected(line, DEFAULT_MAX_DEPTH, &projection)
                    {
                        fields += black_box(&object).len() + black_box(&raw).len();
                    }
                }
                fields
            })
        });
    }
    group.bench_function("full_parser", |b| {
        b.iter(|| lines.iter().filter(|line| json::parse(line, DEFAULT_MAX_DEPTH).is_ok()).count())
    });
    group.finish();
}

criterion_group!(benches, projection);
criterion_main!(benches);
