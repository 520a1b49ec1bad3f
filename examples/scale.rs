//! The core's scale benchmark: generates scenarios of 1,000, 10,000 and
//! 100,000 scenes and prints the time to load, validate and analyse each, the
//! peak memory while doing it, and how cost grows with size, phase by phase:
//! reading the TOML into the file model, lowering it, and the checks with the
//! graph analysis. Beside them, the compiled path the officer's app takes:
//! the same scenario's compiled form (`core::publish`), its size, and the
//! time to read it back into the runtime model.
//!
//!   cargo run --profile bench-native --no-default-features --example scale

use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::lower::lower;
use course_of_conduct::core::publish::{decode, encode, CompiledScenario};
use course_of_conduct::core::read;
use course_of_conduct::core::synthetic::scenario_text;
use course_of_conduct::core::validate::check;
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
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11} {:>13} {:>17}",
        "scenes",
        "file KiB",
        "total ms",
        "read ms",
        "lower ms",
        "checks ms",
        "peak MiB",
        "us/scene",
        "time ratio",
        "compiled KiB",
        "read compiled ms"
    );
    let mut previous: Option<f64> = None;
    for scenes in [1_000, 10_000, 100_000] {
        let source = SourceFile::new("synthetic.toml", scenario_text(scenes));
        // Best of three runs, so a stray pause on a shared machine does not
        // stand for the code's cost.
        let mut best = [f64::MAX; 3];
        let mut peak = 0;
        let mut compiled = Vec::new();
        for _ in 0..3 {
            let before = LIVE.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let started = Instant::now();
            let file = read::scenario_file(&source).expect("generated scenarios are well formed");
            let read_at = Instant::now();
            let mut diagnostics = Vec::new();
            let scenario =
                lower(file, &source.text, &mut diagnostics).expect("generated scenarios lower");
            let lowered_at = Instant::now();
            let analysis = check(&scenario, &framework, &source.text, &mut diagnostics);
            let checked_at = Instant::now();
            assert!(diagnostics.is_empty(), "generated scenario has diagnostics");
            assert_eq!(analysis.longest_path, scenes - 2);
            compiled = encode(&CompiledScenario::of(scenario, &framework));
            drop(analysis);
            peak = PEAK.load(Ordering::Relaxed) - before;
            let phases = [
                read_at - started,
                lowered_at - read_at,
                checked_at - lowered_at,
            ];
            if phases.iter().map(|d| d.as_secs_f64()).sum::<f64>() * 1000.0
                < best.iter().sum::<f64>()
            {
                best = phases.map(|d| d.as_secs_f64() * 1000.0);
            }
        }
        let mut read_compiled = f64::MAX;
        for _ in 0..3 {
            let started = Instant::now();
            let back: CompiledScenario = decode(&compiled).expect("the compiled form reads back");
            read_compiled = read_compiled.min(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(back.scenario.scenes.len(), scenes);
        }
        let total: f64 = best.iter().sum();
        let ratio = previous.map_or("-".to_string(), |p| format!("x{:.1}", total / p));
        println!(
            "{scenes:>8} {:>10.0} {total:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.2} {ratio:>11} {:>13.0} {read_compiled:>17.1}",
            source.text.len() as f64 / 1024.0,
            best[0],
            best[1],
            best[2],
            peak as f64 / (1024.0 * 1024.0),
            total * 1000.0 / scenes as f64,
            compiled.len() as f64 / 1024.0,
        );
        previous = Some(total);
    }
}
