//! Spreading independent work over the machine's cores with plain scoped
//! threads; results come back in input order, so output stays deterministic.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, run on every available core.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    let work = || {
        let mut local = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            local.push((index, f(item)));
        }
        if let Ok(mut all) = results.lock() {
            all.extend(local);
        }
    };
    std::thread::scope(|scope| {
        // Workers get the pipeline's deep stack (deeply nested types recurse
        // in the emitter too); this thread works alongside them, so the work
        // gets done even if none can be started.
        for _ in 1..threads {
            let _ = std::thread::Builder::new()
                .stack_size(crate::stack::STACK_SIZE)
                .spawn_scoped(scope, work);
        }
        work();
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = super::map(&items, |x| x * 2);
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }
}
