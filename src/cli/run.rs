//! `lgp run`: checks a pipeline file, compiles it and runs it as the agent
//! until its inputs end or a signal stops it.
//!
//! Exit status: 0 when the run finished or a signal stopped it after a full
//! drain; 1 when the file does not check, the drain timed out or a second
//! signal cut it short; 2 on usage and start-up errors.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use lgp_compiler::Pipeline;
use lgp_lang::diag::render::{self, Format};
use lgp_lang::schema::parse_duration;
use lgp_lang::{Severity, SourceFile};
use lgp_runtime::{RunEnd, RunOptions};

use super::{Outcome, analyze, read_source};

/// More worker threads than this is a typo, not a machine.
const MAX_THREADS: usize = 1024;

#[derive(clap::Args)]
pub struct RunArgs {
    /// The pipeline file
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Worker threads that run the transforms (default: the number of cores)
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// The engine that runs the transforms
    #[arg(long, default_value = "jit", value_parser = ["interp", "jit"])]
    engine: String,
    /// Where dead letters go (default: $LGP_DATA_DIR, else ./.lgp-data)
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Address that serves /metrics, /health/live and /health/ready; `off` serves nothing
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8686")]
    api_addr: String,
    /// How long a stop (SIGINT, SIGTERM) may take to drain what was read
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    shutdown_timeout: String,
    /// How long one batch may run in the transforms before the rest of it
    /// goes to the dead-letter queue
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    job_timeout: String,
    /// No live summary line and no start and end messages
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &RunArgs) -> Result<Outcome> {
    let options = options(args)?;
    let name = args.file.display().to_string();
    let analysis = analyze(SourceFile::new(name.clone(), read_source(&args.file)?));
    if analysis.count(Severity::Error) > 0 {
        let color = super::stderr_color();
        let text =
            render::render(Format::Human { color }, &analysis.diagnostics, &analysis.sources());
        super::write_stderr(&text);
        super::write_stderr(&format!("error: `{name}` does not check; nothing was run\n"));
        return Ok(Outcome::Failure);
    }
    let pipeline =
        Pipeline::new(analysis.checked).map_err(|e| anyhow!("cannot compile `{name}`: {e}"))?;
    let report = lgp_runtime::run(pipeline, &options)?;
    Ok(match report.end {
        RunEnd::Finished | RunEnd::Stopped { .. } => Outcome::Success,
        RunEnd::TimedOut { .. } | RunEnd::Interrupted { .. } => Outcome::Failure,
    })
}

fn options(args: &RunArgs) -> Result<RunOptions> {
    let threads = match args.threads {
        Some(threads) if !(1..=MAX_THREADS).contains(&threads) => {
            bail!("`--threads` must be between 1 and {MAX_THREADS}")
        }
        Some(threads) => threads,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let data_dir = args.data_dir.clone().unwrap_or_else(|| {
        std::env::var_os("LGP_DATA_DIR")
            .filter(|dir| !dir.is_empty())
            .map_or_else(|| PathBuf::from("./.lgp-data"), PathBuf::from)
    });
    let api_addr = match args.api_addr.as_str() {
        "off" | "none" => None,
        text => Some(text.parse::<SocketAddr>().with_context(|| {
            format!("`--api-addr {text}` is not an address such as 127.0.0.1:8686")
        })?),
    };
    let quiet = args.quiet;
    Ok(RunOptions {
        threads,
        data_dir,
        api_addr,
        shutdown_timeout: duration("--shutdown-timeout", &args.shutdown_timeout)?,
        job_timeout: duration("--job-timeout", &args.job_timeout)?,
        live_summary: !quiet && std::io::stderr().is_terminal(),
        quiet,
        engine: if args.engine == "jit" {
            lgp_compiler::Engine::Jit
        } else {
            lgp_compiler::Engine::Interp
        },
    })
}

fn duration(flag: &str, text: &str) -> Result<Duration> {
    parse_duration(text).map_err(|message| anyhow!("`{flag}`: {message}"))
}
