//! A stack deep enough for any spec the parsers accept.
//!
//! The pipeline recurses as deep as the spec nests (the bundler, serde's
//! untagged and flattened deserialisation of openapiv3 schemas, the lowering),
//! and the YAML and JSON parsers allow 128 levels. Unoptimised builds need
//! several megabytes for that: more than the 2 MiB a spawned thread gets by
//! default (a test, a tokio worker, a build script's helper thread), and
//! running out aborts the process instead of returning an error. So the
//! pipeline runs on a thread of its own with room to spare; the stack is
//! reserved address space, only touched as deep as the recursion goes.

use std::sync::Mutex;

use crate::error::{Error, Result};

/// Far beyond what 128 levels of nesting need in a debug build.
pub const STACK_SIZE: usize = 256 << 20;

/// Runs `f` on a thread with a [`STACK_SIZE`] stack, or on this thread when
/// no thread can be started. A panic in `f` continues on this thread.
pub fn run<T: Send>(f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let slot = Mutex::new(Some(f));
    // The guard is released before `f` runs, so a panic in `f` cannot poison it.
    let call = || slot.lock().ok().and_then(|mut f| f.take()).map(|f| f());
    let joined = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("isc-codegen".to_owned())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, call)
            .ok()
            .map(std::thread::ScopedJoinHandle::join)
    });
    let result = match joined {
        Some(Ok(result)) => result,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        None => call(),
    };
    result.unwrap_or_else(|| {
        Err(Error::Internal {
            message: "the generation step ran more than once".to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_recursion_fits() {
        fn depth(n: u32) -> u32 {
            // About 16 KiB of stack per level: 4 000 levels need ~64 MiB.
            let buffer = std::hint::black_box([n as u8; 16 * 1024]);
            if n == 0 {
                u32::from(buffer[0])
            } else {
                depth(n - 1) + 1
            }
        }
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| run(|| Ok(depth(4_000))))
            .map(|h| h.join());
        assert!(matches!(handle, Ok(Ok(Ok(4_000)))));
    }
}
