//! Display preferences: colour theme and presenter mode. Kept apart from the
//! session model because they belong to the person at the screen, not to the
//! session, and survive reloads (the page stores them in `localStorage`).

use std::rc::Rc;
use yew::Reducible;

/// The colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The stored and `data-theme` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored value; anything unknown is `Auto`.
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    /// The next theme in the cycle auto → light → dark → auto.
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }
}

/// The preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// The colour theme.
    pub theme: Theme,
    /// Large type and high contrast for a projector.
    pub presenter: bool,
    /// Single-key shortcuts (`o`, `t`, `1`…): on by default; off for
    /// people whose speech input or typing would trigger them by accident
    /// (WCAG 2.1.4).
    pub shortcuts: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: Theme::default(),
            presenter: false,
            shortcuts: true,
        }
    }
}

/// A change of preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrefsAction {
    /// Next theme in the cycle.
    CycleTheme,
    /// Presenter mode on or off.
    TogglePresenter,
    /// Single-key shortcuts on or off.
    ToggleShortcuts,
}

impl Prefs {
    /// Applies one change.
    pub fn apply(&mut self, action: PrefsAction) {
        match action {
            PrefsAction::CycleTheme => self.theme = self.theme.next(),
            PrefsAction::TogglePresenter => self.presenter = !self.presenter,
            PrefsAction::ToggleShortcuts => self.shortcuts = !self.shortcuts,
        }
    }
}

impl Reducible for Prefs {
    type Action = PrefsAction;

    fn reduce(self: Rc<Self>, action: PrefsAction) -> Rc<Self> {
        let mut next = *self;
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_cycles_and_parses() {
        let mut p = Prefs::default();
        assert_eq!(p.theme, Theme::Auto);
        for expected in [Theme::Light, Theme::Dark, Theme::Auto] {
            p.apply(PrefsAction::CycleTheme);
            assert_eq!(p.theme, expected);
            assert_eq!(Theme::parse(expected.as_str()), expected);
        }
        assert_eq!(Theme::parse("purple"), Theme::Auto);
        p.apply(PrefsAction::TogglePresenter);
        assert!(p.presenter);
        assert!(p.shortcuts, "shortcuts are on by default");
        p.apply(PrefsAction::ToggleShortcuts);
        assert!(!p.shortcuts);
    }
}
