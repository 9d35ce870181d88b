//! Keeping the keyboard inside a modal dialog. `aria-modal` tells a screen
//! reader the page behind is inert, but Tab still walks into it: a teacher
//! tabbing through the presenter view on a projector would land on buttons
//! hidden under it. The dialog asks [`trapped_tab`] where Tab goes.

/// Where Tab should move the focus among a dialog's `count` focusable
/// elements, the focus being on the one at `at` (`None`: on none of them,
/// such as the dialog itself or a button that was just disabled), so that
/// it never leaves: from the last forward to the first, from the first
/// backward (Shift+Tab) to the last, and from anything else in the dialog
/// to an end. `None` means the browser's own move stays inside: let it be.
pub fn trapped_tab(count: usize, at: Option<usize>, backward: bool) -> Option<usize> {
    let last = count.checked_sub(1)?;
    match (at, backward) {
        (None, false) => Some(0),
        (None, true) => Some(last),
        (Some(0), true) => Some(last),
        (Some(i), false) if i >= last => Some(0),
        (Some(_), _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::trapped_tab;

    #[test]
    fn tab_wraps_at_both_ends_and_comes_back_in() {
        // Three buttons: 0, 1, 2.
        assert_eq!(trapped_tab(3, Some(2), false), Some(0), "last → first");
        assert_eq!(trapped_tab(3, Some(0), true), Some(2), "first ← last");
        assert_eq!(trapped_tab(3, Some(1), false), None, "the browser's move");
        assert_eq!(trapped_tab(3, Some(1), true), None);
        assert_eq!(trapped_tab(3, Some(0), false), None);
        assert_eq!(trapped_tab(3, None, false), Some(0), "from elsewhere, in");
        assert_eq!(trapped_tab(3, None, true), Some(2));
        // One button: Tab stays on it either way.
        assert_eq!(trapped_tab(1, Some(0), false), Some(0));
        assert_eq!(trapped_tab(1, Some(0), true), Some(0));
        // Nothing focusable: nothing to do.
        assert_eq!(trapped_tab(0, None, false), None);
    }
}
