//! W1-W6 of the shared workloads through the reference interpreter, one
//! thread. Data: `$LGP_BENCH_DATA/<workload>.log`, generated with
//! `benches/gen_logs.py` (the shared, deterministic generator) when absent.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lgp_compiler::interp::{self, Outcome};
use lgp_stdlib::Event;

const LINES: usize = 20_000;

const WORKLOADS: &[(&str, &str, &str)] = &[
    ("w1_json", "workloads/w1_json.lgp", "json.log"),
    ("w2_regex", "workloads/w2_regex.lgp", "apache.log"),
    ("w3_grok", "workloads/w3_grok.lgp", "apache.log"),
    ("w4_syslog5424", "workloads/w4_syslog.lgp", "syslog5424.log"),
    ("w4_syslog3164", "workloads/w4_syslog.lgp", "syslog3164.log"),
    ("w5_kv", "workloads/w5_kv.lgp", "kv.log"),
    ("w6_filter", "workloads/w6_filter.lgp", "json.log"),
];

fn workloads(c: &mut Criterion) {
    let data = lgp_benches::bench_data(LINES);
    let mut group = c.benchmark_group("interp");
    group.sample_size(10);
    for (name, program, file) in WORKLOADS {
        let Some(pipeline) = lgp_benches::compile(program) else { continue };
        let Some(code) = lgp_benches::first_transform(&pipeline) else { continue };
        let lines = lgp_benches::read_lines(&data.join(file));
        group.throughput(Throughput::Elements(lines.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let mut kept = 0usize;
                for line in &lines {
                    if let Outcome::Out { event, .. } = interp::run(code, Event::from_line(line)) {
                        kept += black_box(&event).fields.as_object().map_or(0, |o| o.len()).min(1);
                    }
                }
                kept
            })
        });
    }
    group.finish();
}

criterion_group!(benches, workloads);
criterion_main!(benches);
