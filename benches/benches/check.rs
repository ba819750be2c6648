//! `lgp check` cost: parse + check of generated 1k/5k/20k-line pipelines;
//! and the whole compile (parse, check, lower, JIT) of a 300-line one.

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

/// Source to native code: what `lgp run` spends before the first event.
fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group.sample_size(20);
    let src = lgp_benches::pipeline(300);
    group.bench_function("300_lines_jit", |b| {
        b.iter(|| {
            let file = lgp_lang::SourceFile::new("bench.lgp", src.as_str());
            let (program, diags) = lgp_lang::parser::parse(&src);
            assert!(diags.is_empty());
            let (checked, diags) =
                lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
            assert!(diags.iter().all(|d| !d.is_error()));
            let pipeline = lgp_compiler::Pipeline::new(checked).expect("lowering");
            let jit = lgp_compiler::jit::JitProgram::compile(&pipeline).expect("jit");
            std::hint::black_box(jit);
        })
    });
    group.finish();
}

criterion_group!(benches, check, parse_only, compile);
criterion_main!(benches);
