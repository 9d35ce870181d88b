//! How the page looks: theme, presenter mode and screenshots, for the
//! tests that save a picture of each size and theme.

use super::Page;
use crate::wait_for;
use anyhow::{bail, ensure, Context as _, Result};
use std::path::PathBuf;

impl Page {
    /// Clicks the Theme button until it says `theme` (`auto`, `light` or
    /// `dark`) and `<html data-theme>` agrees.
    ///
    /// # Errors
    ///
    /// If three clicks do not get there.
    pub async fn set_theme(&self, theme: &str) -> Result<()> {
        let want = format!("Theme: {theme}");
        for _ in 0..4 {
            let shown = self.text("[data-testid=theme-toggle]").await?;
            if shown == want {
                let root = self.attr_now("html", "data-theme").await?;
                ensure!(
                    root.as_deref() == Some(theme),
                    "the button says {want:?} but <html data-theme> is {root:?}"
                );
                return Ok(());
            }
            self.click("[data-testid=theme-toggle]").await?;
            wait_for("the theme button to change", || async {
                Ok(self
                    .text_now("[data-testid=theme-toggle]")
                    .await?
                    .filter(|t| *t != shown)
                    .map(drop))
            })
            .await?;
        }
        bail!("the Theme button never said {want:?}")
    }

    /// Turns presenter mode on or off with its button.
    ///
    /// # Errors
    ///
    /// If the button does not toggle `<html data-presenter>`.
    pub async fn set_presenter(&self, on: bool) -> Result<()> {
        let want = if on { "on" } else { "off" };
        if self.attr_now("html", "data-presenter").await?.as_deref() == Some(want) {
            return Ok(());
        }
        self.click("[data-testid=presenter-toggle]").await?;
        wait_for("presenter mode to change", || async {
            Ok(self
                .attr_now("html", "data-presenter")
                .await?
                .filter(|p| p == want)
                .map(drop))
        })
        .await?;
        let pressed = self
            .attr_now("[data-testid=presenter-toggle]", "aria-pressed")
            .await?;
        ensure!(
            pressed.as_deref() == Some(if on { "true" } else { "false" }),
            "the presenter button's aria-pressed is {pressed:?}"
        );
        Ok(())
    }

    /// Saves a PNG of the top of the page as `target/screenshots/NAME.png`.
    ///
    /// # Errors
    ///
    /// If it cannot be taken or written.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        crate::screenshot(&self.client, name).await
    }

    /// Saves a PNG of just the element `css` (scrolled into view) as
    /// `target/screenshots/NAME.png`.
    ///
    /// # Errors
    ///
    /// If the element is absent or the image cannot be written.
    pub async fn screenshot_of(&self, css: &str, name: &str) -> Result<PathBuf> {
        let el = self.el(css).await?;
        let png = el
            .screenshot()
            .await
            .with_context(|| format!("taking a screenshot of {css}"))?;
        let dir = crate::target_dir().join("screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}
