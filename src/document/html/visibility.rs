//! Whether an element hides its content from a reader: the `hidden` attribute, and inline
//! `style` declarations that hide text (`display:none`, `visibility:hidden`, a zero size with
//! `overflow:hidden`) or move it off screen (`left:-9999px`, `text-indent:-9999px`, ...).
//! Hidden text in a page body is what a hacked site's injected link spam looks like;
//! extractors drop the first kind (they honour `display:none`) and keep the second.
//!
//! `opacity:0` is not read as hidden: it is the start state of fade-in animations (Webflow
//! interactions, page wrappers shown by a script), and on the wcxb-dev pages with an even id it
//! hid whole articles far more often than anything else. Pages that hide their main text until
//! a script shows it in other ways are left to the layout ([`crate::features::layout`]).
//!
//! Only inline styles are read: no style sheets, no classes (`.sr-only`).

/// What an element's own attributes say about the visibility of its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Visibility {
    /// Hidden for good: no descendant can show it again (`display:none`, `hidden`, off screen,
    /// zero size).
    pub(super) hides: bool,
    /// `visibility` or `font-size`, which descendants inherit and may set back: `Some(true)`
    /// hides (`visibility:hidden`, `font-size:0`), `Some(false)` shows again.
    pub(super) soft: Option<bool>,
}

/// Off-screen offsets: at least this far (in CSS pixels) to the left or above.
const OFF_SCREEN_PX: f32 = 500.0;

/// The visibility an element's `style` and `hidden` attributes give it.
pub(super) fn of(style: Option<&str>, hidden_attr: bool) -> Visibility {
    let mut v = Visibility {
        hides: hidden_attr,
        soft: None,
    };
    let Some(style) = style else {
        return v;
    };
    let (mut overflow_hidden, mut tiny) = (false, false);
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let value = value.strip_suffix("!important").unwrap_or(&value).trim();
        match prop.as_str() {
            "display" if value == "none" => v.hides = true,
            "visibility" => match value {
                "hidden" | "collapse" => v.soft = Some(true),
                "visible" => v.soft = Some(false),
                _ => {}
            },
            "font-size" => {
                if let Some(px) = length(value) {
                    v.soft = Some(px <= 0.0);
                }
            }
            "left" | "top" | "right" | "margin-left" | "margin-top" | "text-indent"
                if length(value).is_some_and(|px| px <= -OFF_SCREEN_PX) =>
            {
                v.hides = true
            }
            "overflow" | "overflow-x" | "overflow-y" if value == "hidden" => overflow_hidden = true,
            "height" | "max-height" | "width" | "max-width"
                if length(value).is_some_and(|px| px <= 1.0) =>
            {
                tiny = true
            }
            _ => {}
        }
    }
    if tiny && overflow_hidden {
        v.hides = true;
    }
    v
}

/// A CSS length in pixels: `px` or a bare number, `em`/`rem` as 16px, `pt` as 4/3 px, a
/// percentage of an assumed 1,000px. `None` for anything else (`auto`, `calc(...)`).
fn length(value: &str) -> Option<f32> {
    let (num, scale) = if let Some(n) = value.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = value
        .strip_suffix("rem")
        .or_else(|| value.strip_suffix("em"))
    {
        (n, 16.0)
    } else if let Some(n) = value.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else if let Some(n) = value.strip_suffix('%') {
        (n, 10.0)
    } else {
        (value, 1.0)
    };
    let x: f32 = num.trim().parse().ok()?;
    x.is_finite().then_some(x * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hides(style: &str) -> bool {
        of(Some(style), false).hides
    }

    #[test]
    fn hiding_declarations() {
        for s in [
            "display:none",
            "DISPLAY : None !important",
            "color:red; display: none;",
            "position:absolute;left:-9999px",
            "position: absolute; top: -5000px",
            "text-indent:-9999px",
            "margin-left:-100em",
            "height:0;overflow:hidden",
            "width:1px;height:1px;overflow:hidden;position:absolute",
        ] {
            assert!(hides(s), "{s}");
        }
        for s in [
            "display:block",
            "left:-20px",
            "text-indent:-1em",
            "opacity:0.5",
            "opacity:0",
            "opacity:0;transform:translate3d(0, 5%, 0)",
            "height:0",
            "overflow:hidden",
            "left:auto",
            "display",
            "",
        ] {
            assert!(!hides(s), "{s}");
        }
        assert!(of(None, true).hides);
        assert_eq!(of(Some("visibility:hidden"), false).soft, Some(true));
        assert_eq!(of(Some("visibility:visible"), false).soft, Some(false));
        assert_eq!(of(Some("font-size:0"), false).soft, Some(true));
        assert_eq!(of(Some("font-size:14px"), false).soft, Some(false));
        assert_eq!(of(Some("color:red"), false), Visibility::default());
    }
}
