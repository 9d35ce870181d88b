//! Driving the Python side of the page: the console (type a line, read the
//! transcript) and the script editor (load, run, step, stop, share), and
//! the session export.

use super::Page;
use crate::wait_for;
use anyhow::{Context as _, Result};

/// The WebDriver key code for Enter.
const ENTER: &str = "\u{e007}";

impl Page {
    /// Shows one of the driving tabs: `click`, `console` or `script`.
    ///
    /// # Errors
    ///
    /// If the tab is missing.
    pub async fn show_tab(&self, tab: &str) -> Result<()> {
        self.click(&format!("[data-testid=tab-{tab}]")).await?;
        wait_for(&format!("the {tab} tab"), || async {
            let shown = self.attr_now(&format!("#pane-{tab}"), "hidden").await?;
            Ok(shown.is_none().then_some(()))
        })
        .await
    }

    /// Puts `text` into the textarea `css` as if pasted (the page hears an
    /// input event).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn paste(&self, css: &str, text: &str) -> Result<()> {
        let el = self.el(css).await?;
        let el = serde_json::to_value(&el).context("naming the element")?;
        self.client
            .execute(
                "arguments[0].value = arguments[1];\
                 arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![el, serde_json::Value::String(text.to_string())],
            )
            .await
            .with_context(|| format!("pasting into {css}"))?;
        Ok(())
    }

    /// Types `code` into the Python console and presses Enter, then waits
    /// until the input has run (the Run button is back). Returns what the
    /// transcript gained.
    ///
    /// # Errors
    ///
    /// If the input does not finish in time.
    pub async fn py(&self, code: &str) -> Result<String> {
        let before = self
            .text_now("[data-testid=py-transcript]")
            .await?
            .unwrap_or_default();
        self.paste("[data-testid=py-input]", code).await?;
        self.el("[data-testid=py-input]")
            .await?
            .send_keys(ENTER)
            .await?;
        wait_for(&format!("{code:?} to run"), || async {
            let idle = self.el_now("[data-testid=py-run]").await?.is_some();
            let input = self.el_now("[data-testid=py-input]").await?;
            let empty = match input {
                Some(el) => el.prop("value").await?.unwrap_or_default().is_empty(),
                None => false,
            };
            Ok((idle && empty).then_some(()))
        })
        .await?;
        let after = self.text("[data-testid=py-transcript]").await?;
        Ok(after.get(before.len()..).unwrap_or(&after).to_string())
    }

    /// Loads `source` into the script editor (the Script tab must be shown).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn set_script(&self, source: &str) -> Result<()> {
        self.paste("[data-testid=script-source]", source).await
    }

    /// The script's output panel.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn script_output(&self) -> Result<String> {
        Ok(self
            .text_now("[data-testid=script-output]")
            .await?
            .unwrap_or_default())
    }

    /// Waits until no script runs (the Run button is back).
    ///
    /// # Errors
    ///
    /// If it does not stop in time.
    pub async fn wait_script_idle(&self) -> Result<()> {
        wait_for("the script to finish", || async {
            Ok(self.el_now("[data-testid=script-run]").await?.map(drop))
        })
        .await
    }

    /// The line a stepping or waiting script is at, from the highlighted
    /// line of the code view.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn script_line(&self) -> Result<Option<u32>> {
        let n = self
            .client
            .execute(
                "const li = document.querySelector('[data-testid=script-code] li.current');\
                 if (!li) return null;\
                 return Array.from(li.parentElement.children).indexOf(li) + 1;",
                Vec::new(),
            )
            .await?;
        Ok(n.as_u64().and_then(|n| u32::try_from(n).ok()))
    }

    /// Clicks Step and waits until the highlighted line is no longer `from`
    /// (or the script ended). Returns the new line.
    ///
    /// # Errors
    ///
    /// If nothing moves in time.
    pub async fn step_script(&self, from: Option<u32>) -> Result<Option<u32>> {
        self.click("[data-testid=script-step]").await?;
        wait_for("the script to step", || async {
            let now = self.script_line().await?;
            let idle = self.el_now("[data-testid=script-run]").await?.is_some();
            Ok((idle || (now.is_some() && now != from)).then_some(now))
        })
        .await
    }

    /// Opens the export dialog and returns the exported script.
    ///
    /// # Errors
    ///
    /// If the dialog does not open.
    pub async fn export_script(&self) -> Result<String> {
        self.click("[data-testid=export]").await?;
        let text = self.el("[data-testid=export-text]").await?;
        let value = text.prop("value").await?.unwrap_or_default();
        self.click("[data-testid=export-close]").await?;
        Ok(value)
    }
}
