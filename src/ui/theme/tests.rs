use super::*;

#[test]
fn every_text_meets_wcag_aa_in_both_themes() {
    let mut failing = Vec::new();
    for theme in [Theme::Light, Theme::Dark] {
        for (name, fg, bg) in text_pairs(theme) {
            let ratio = contrast(fg, bg);
            if ratio < 4.5 {
                failing.push(format!("{theme:?}: {name} is {ratio:.2}:1"));
            }
        }
    }
    assert!(failing.is_empty(), "below 4.5:1:\n{}", failing.join("\n"));
}

#[test]
fn chart_colours_stand_out_from_the_background() {
    for (theme, series) in [(Theme::Light, &SERIES_LIGHT), (Theme::Dark, &SERIES_DARK)] {
        let p = palette_of(theme);
        for c in series {
            for bg in [p.bg, p.surface] {
                assert!(contrast(*c, bg) >= 3.0, "{theme:?} {c:?} on {bg:?}");
            }
        }
    }
}

#[test]
fn the_contrast_formula_matches_wcag() {
    assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
    assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
    // #767676 on white is the classic 4.54:1.
    let grey = Color32::from_rgb(0x76, 0x76, 0x76);
    assert!((contrast(grey, Color32::WHITE) - 4.54).abs() < 0.01);
}

#[test]
fn the_type_scale_is_readable() {
    let styles = text_styles();
    assert!(styles[&TextStyle::Body].size >= 14.0);
    assert!(styles[&TextStyle::Small].size >= 13.0);
    assert!(styles[&TextStyle::Monospace].size >= 13.0);
    assert!(styles[&TextStyle::Heading].size > styles[&TextStyle::Body].size);
}

#[test]
fn lines_stay_apart_after_the_colours_repeat() {
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..24 {
        let (_, glyph, dashed) = series_mark(i);
        let colour = SERIES_LIGHT[i % SERIES_LIGHT.len()];
        assert!(seen.insert((colour.to_array(), glyph, dashed)), "line {i}");
    }
    assert!(
        !series_mark(5).2 && series_mark(6).2,
        "dashed from the seventh line on"
    );
}
