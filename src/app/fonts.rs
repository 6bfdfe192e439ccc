//! Chinese text on every OS: the system's CJK font (Microsoft YaHei, PingFang, Noto Sans CJK,
//! WenQuanYi) when one is found, else a bundled subset of Noto Sans SC (GB2312 plus every
//! character of the app; SIL Open Font License, see assets/fonts/OFL.txt). Never tofu.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// The bundled fallback font.
pub const BUNDLED_CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-gomirror-subset.otf");

/// Where the systems keep a Simplified-Chinese-capable font, most preferred first.
/// `(path, face index in a collection)`.
pub fn system_candidates() -> Vec<(std::path::PathBuf, u32)> {
    let mut out = Vec::new();
    if cfg!(windows) {
        let windir = std::env::var("WINDIR").unwrap_or_else(|_| r"C:\Windows".into());
        for (name, index) in [
            ("msyh.ttc", 0),
            ("msyh.ttf", 0),
            ("simhei.ttf", 0),
            ("simsun.ttc", 0),
        ] {
            out.push((
                std::path::Path::new(&windir).join("Fonts").join(name),
                index,
            ));
        }
    } else if cfg!(target_os = "macos") {
        for (p, i) in [
            ("/System/Library/Fonts/PingFang.ttc", 0),
            ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
            ("/Library/Fonts/Arial Unicode.ttf", 0),
        ] {
            out.push((p.into(), i));
        }
    } else {
        // In Noto's collections the Simplified Chinese face is index 2.
        for (p, i) in [
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
            ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
            (
                "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
                2,
            ),
            ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
            (
                "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
                0,
            ),
            ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
        ] {
            out.push((p.into(), i));
        }
    }
    out
}

/// Which font was installed, for diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CjkFont {
    System(std::path::PathBuf),
    Bundled,
}

/// Adds a CJK font as a fallback after egui's own fonts (Latin keeps egui's look).
/// `prefer_system` is false in tests, so they render the same everywhere.
pub fn install(ctx: &egui::Context, prefer_system: bool) -> CjkFont {
    let (mut font, index, which) = match prefer_system.then(find_system).flatten() {
        Some((bytes, index, path)) => (FontData::from_owned(bytes), index, CjkFont::System(path)),
        // Borrowed from the binary: no copy of its 3 MB.
        None => (FontData::from_static(BUNDLED_CJK), 0, CjkFont::Bundled),
    };
    let mut fonts = FontDefinitions::default();
    font.index = index;
    fonts.font_data.insert("cjk".into(), Arc::new(font));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("cjk".into());
    }
    ctx.set_fonts(fonts);
    which
}

fn find_system() -> Option<(Vec<u8>, u32, std::path::PathBuf)> {
    system_candidates()
        .into_iter()
        .find_map(|(path, index)| std::fs::read(&path).ok().map(|bytes| (bytes, index, path)))
}
