//! The window's size: the first window fits the screen (at most 90 % of it, centred), a
//! remembered one that no longer fits (a smaller screen now) is shrunk the same way, and no
//! window gets smaller than the size every panel is laid out for.

use egui::Vec2;

/// The size the window opens at when nothing is remembered and the screen is large enough.
pub const DEFAULT_SIZE: Vec2 = Vec2::new(1200.0, 800.0);
/// Every panel is usable down to this size (an 800x600 screen leaves 720x540).
pub const MIN_SIZE: Vec2 = Vec2::new(640.0, 460.0);
/// The share of the screen the window may take.
pub const SCREEN_SHARE: f32 = 0.9;

/// The size to change the window to, or None when it fits: at most 90 % of the monitor in
/// each direction (never below [`MIN_SIZE`] unless the monitor itself is smaller).
pub fn fit(monitor: Vec2, inner: Vec2) -> Option<Vec2> {
    if monitor.x <= 0.0 || monitor.y <= 0.0 {
        return None;
    }
    let limit = monitor * SCREEN_SHARE;
    if inner.x <= limit.x + 0.5 && inner.y <= limit.y + 0.5 {
        return None;
    }
    let floor = MIN_SIZE.min(limit);
    Some(inner.min(limit).max(floor))
}

/// Where a window of `size` sits centred on the monitor.
pub fn centred(monitor: Vec2, size: Vec2) -> egui::Pos2 {
    (((monitor - size) * 0.5).max(Vec2::ZERO)).to_pos2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_fits_small_and_large_screens() {
        // 800x600: 720x540 at most.
        assert_eq!(
            fit(Vec2::new(800.0, 600.0), DEFAULT_SIZE),
            Some(Vec2::new(720.0, 540.0))
        );
        // 1280x800: the width fits, the height is cut to 720.
        assert_eq!(
            fit(Vec2::new(1280.0, 800.0), DEFAULT_SIZE),
            Some(Vec2::new(1152.0, 720.0))
        );
        // 1920x1080 and 4K (in points): the default fits.
        assert_eq!(fit(Vec2::new(1920.0, 1080.0), DEFAULT_SIZE), None);
        assert_eq!(fit(Vec2::new(3840.0, 2160.0), DEFAULT_SIZE), None);
        // A tiny screen: 90 % of it even below the minimum.
        assert_eq!(
            fit(Vec2::new(640.0, 480.0), DEFAULT_SIZE),
            Some(Vec2::new(576.0, 432.0))
        );
        assert_eq!(fit(Vec2::ZERO, DEFAULT_SIZE), None);
        assert_eq!(
            centred(Vec2::new(800.0, 600.0), Vec2::new(720.0, 540.0)),
            egui::pos2(40.0, 30.0)
        );
    }
}
