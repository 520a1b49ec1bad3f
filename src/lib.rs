#[cfg(feature = "web")]
pub mod app;
pub mod core;
#[cfg(feature = "web")]
pub mod workshop;

/// Every wasm bundle (the app, the workshop and the lazily loaded modules)
/// allocates with talc: the default dlmalloc is larger.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
