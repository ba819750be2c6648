//! libtest-style output: one line per case, the failures, and the summary line CI tools read.

use std::process::ExitCode;
use std::time::Duration;

use crate::Verdict;

#[derive(Default)]
pub struct Summary {
    passed: usize,
    ignored: usize,
    filtered_out: usize,
    failures: Vec<(String, String)>,
}

impl Summary {
    /// A summary of a run that left `filtered_out` cases out.
    pub fn new(filtered_out: usize) -> Summary {
        Summary { filtered_out, ..Summary::default() }
    }

    pub fn record(&mut self, name: &str, verdict: Verdict, quiet: bool) {
        let (status, short) = match verdict {
            Verdict::Pass => ("ok".to_string(), '.'),
            Verdict::Blessed => ("ok (blessed)".to_string(), '.'),
            Verdict::Ignored(reason) => {
                self.ignored += 1;
                (format!("ignored, {reason}"), 'i')
            }
            Verdict::Fail(message) => {
                self.failures.push((name.to_string(), message));
                ("FAILED".to_string(), 'F')
            }
        };
        self.passed += usize::from(short == '.');
        if quiet {
            print!("{short}");
        } else {
            println!("test {name} ... {status}");
        }
    }

    pub fn finish(self, elapsed: Duration) -> ExitCode {
        self.print_failures();
        let verdict = if self.failures.is_empty() { "ok" } else { "FAILED" };
        println!(
            "\ntest result: {verdict}. {} passed; {} failed; {} ignored; 0 measured; {} filtered out; \
             finished in {:.2}s\n",
            self.passed,
            self.failures.len(),
            self.ignored,
            self.filtered_out,
            elapsed.as_secs_f64()
        );
        if self.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
    }

    fn print_failures(&self) {
        if self.failures.is_empty() {
            return;
        }
        println!("\nfailures:\n");
        for (name, message) in &self.failures {
            println!("---- {name} ----\n{}\n", message.trim_end());
        }
        println!("failures:");
        self.failures.iter().for_each(|(name, _)| println!("    {name}"));
    }
}
