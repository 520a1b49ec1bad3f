//! The core's scale benchmark: generates scenarios of 1,000, 10,000 and
//! 100,000 scenes and prints the time to load, validate and analyse each, the
//! peak memory while doing it, and how cost grows with size. It also times
//! TOML parsing on its own, so the share that is the parser's is visible.
//!
//!   cargo run --profile bench-native --no-default-features --example scale

use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::read;
use course_of_conduct::core::synthetic::scenario_text;
use course_of_conduct::core::validate::load;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and remembers the peak, around the system allocator.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let framework = Framework::bundled();
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>11} {:>10} {:>11}",
        "scenes",
        "file KiB",
        "total ms",
        "parse ms",
        "checks ms",
        "peak MiB",
        "us/scene",
        "time ratio"
    );
    let mut previous: Option<f64> = None;
    for scenes in [1_000, 10_000, 100_000] {
        let text = scenario_text(scenes);
        let bytes = text.len();
        let source = SourceFile::new("synthetic.toml", text);
        // Best of three runs, so a stray pause on a shared machine does not
        // stand for the code's cost.
        let mut best = f64::MAX;
        let mut parse = f64::MAX;
        let mut peak = 0;
        for _ in 0..3 {
            let started = Instant::now();
            let file = read::scenario_file(&source);
            parse = parse.min(started.elapsed().as_secs_f64() * 1000.0);
            drop(file);

            let before = LIVE.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let started = Instant::now();
            let loaded = load(&source, &framework);
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            assert!(
                loaded.scenario.is_some(),
                "generated scenario failed to load"
            );
            assert_eq!(
                loaded.analysis.as_ref().map(|a| a.longest_path),
                Some(scenes - 2)
            );
            drop(loaded);
            best = best.min(elapsed);
            peak = PEAK.load(Ordering::Relaxed) - before;
        }
        let ratio = previous.map_or("-".to_string(), |p| format!("x{:.1}", best / p));
        println!(
            "{scenes:>8} {:>10.0} {best:>10.1} {parse:>10.1} {:>10.1} {:>11.1} {:>10.2} {ratio:>11}",
            bytes as f64 / 1024.0,
            best - parse,
            peak as f64 / (1024.0 * 1024.0),
            best * 1000.0 / scenes as f64,
        );
        previous = Some(best);
    }
}
