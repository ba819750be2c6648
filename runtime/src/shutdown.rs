//! Stopping: the request that inputs watch, and the SIGINT/SIGTERM stream
//! that triggers it.
//!
//! The first signal asks the inputs to stop; everything already read then
//! drains through the workers into the outputs within the shutdown timeout.
//! A second signal ends the run at once (the agent's caller decides what
//! that means for the process).

use tokio::sync::watch;

/// The inputs' view of a shutdown request.
#[derive(Clone, Debug)]
pub struct Shutdown {
    requested: watch::Receiver<bool>,
}

/// The side that requests the shutdown.
#[derive(Debug)]
pub struct Trigger {
    requested: watch::Sender<bool>,
}

/// A fresh, unrequested shutdown.
pub fn channel() -> (Trigger, Shutdown) {
    let (sender, receiver) = watch::channel(false);
    (Trigger { requested: sender }, Shutdown { requested: receiver })
}

impl Trigger {
    /// Asks every input to stop; idempotent.
    pub fn request(&self) {
        self.requested.send_replace(true);
    }
}

impl Shutdown {
    pub fn is_requested(&self) -> bool {
        *self.requested.borrow()
    }

    /// Resolves once a shutdown is requested (at once if it already was).
    pub async fn requested(&mut self) {
        // An error means the trigger is gone, which only happens once the
        // run is over: treat it as a request too.
        let _ = self.requested.wait_for(|requested| *requested).await;
    }
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), registered at startup so the
/// default "terminate at once" action is replaced before inputs start.
pub struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Installs the handlers. Must run inside the tokio runtime.
    ///
    /// # Errors
    /// When the OS refuses a handler.
    pub fn install() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Waits for the next signal and names it.
    pub async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
