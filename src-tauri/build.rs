fn main() {
    // The Tauri config lives at the repository root (see tauri.conf.json).
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("failed to run tauri-build");
}
