//! Embeds the icon and version information in the Windows executable.

fn main() {
    println!("cargo:rerun-if-changed=icons/gomirror.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    res.set_icon("icons/gomirror.ico")
        .set("ProductName", "gomirror")
        .set("FileDescription", "Go Mirror Assistant (Go 镜像助手)")
        .set("LegalCopyright", "MIT OR Apache-2.0");
    if let Err(e) = res.compile() {
        // Without windres the exe still works, only without its icon: say so loudly.
        println!("cargo:warning=could not embed the Windows icon and version info: {e}");
    }
}
