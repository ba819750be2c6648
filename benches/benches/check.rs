//! `lgp check` cost: parse + check of generated 1k/5k/20k-line pipelines.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: no files in benchmarks"))
    }
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for lines in [1_000, 5_000, 20_000] {
        let src = lgp_benches::pipeline(lines);
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_function(format!("{lines}_lines"), |b| {
            b.iter(|| {
                let file = lgp_lang::SourceFile::new("bench.lgp", src.as_str());
                let (program, diags) = lgp_lang::parser::parse(&src);
                assert!(diags.is_empty());
                let (_, diags) =
                    lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
                diags.len()
            })
        });
    }
    group.finish();
}

fn parse_only(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(20);
    for lines in [1_000, 5_000, 20_000] {
        let src = lgp_benches::pipeline(lines);
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_function(format!("{lines}_lines"), |b| {
            b.iter(|| lgp_lang::parser::parse(&src).0.decls.len())
        });
    }
    group.finish();
}

criterion_group!(benches, check, parse_only);
criterion_main!(benches);
