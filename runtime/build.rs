//! Declares the `lgp_loom` cfg, under which the ring buffer's model-checking tests build.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(lgp_loom)");
}
