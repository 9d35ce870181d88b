//! Driving the presets box: pick a preset, step through it, or run it all.

use super::Page;
use crate::wait_for;
use anyhow::{Context as _, Result};

impl Page {
    /// Opens the presets box and picks preset number `index` (its place in
    /// the picker, from 0); returns how many steps it lists.
    ///
    /// # Errors
    ///
    /// If the box or the preset is missing.
    pub async fn open_preset(&self, index: usize) -> Result<usize> {
        self.click("#presets summary").await?;
        self.el("#preset-select")
            .await?
            .select_by_value(&index.to_string())
            .await
            .with_context(|| format!("choosing preset {index}"))?;
        wait_for("the preset's steps", || async {
            let mut n = 0;
            while self
                .el_now(&format!("[data-testid=preset-step-{}]", n + 1))
                .await?
                .is_some()
            {
                n += 1;
            }
            Ok((n > 0).then_some(n))
        })
        .await
    }

    /// Clicks "Run next step" `n` times. Each time it waits until the button
    /// is enabled, then until the step that was current has been sent, so
    /// no click lands twice on one step. (A repeating step stays current
    /// while it repeats: use [`Page::run_preset_to_end`] for those.)
    ///
    /// # Errors
    ///
    /// If a step does not become ready or is not sent in time.
    pub async fn step_preset(&self, n: usize) -> Result<()> {
        for _ in 0..n {
            let button = wait_for("the next preset step to be ready", || async {
                match self.el_now("[data-testid=preset-step]").await? {
                    Some(b) if b.is_enabled().await? => Ok(Some(b)),
                    _ => Ok(None),
                }
            })
            .await?;
            let current = self
                .el("li[aria-current=step]")
                .await?
                .attr("data-testid")
                .await?
                .context("the current step has no test id")?;
            button.click().await?;
            wait_for(&format!("{current} to be sent"), || async {
                Ok(self
                    .attr_now(&format!("[data-testid={current}]"), "class")
                    .await?
                    .filter(|c| c == "done"))
            })
            .await?;
        }
        Ok(())
    }

    /// Clicks "Run all" and waits until the preset says every step is sent.
    ///
    /// # Errors
    ///
    /// If it does not get there in time.
    pub async fn run_preset_to_end(&self) -> Result<()> {
        self.click("[data-testid=preset-all]").await?;
        self.wait_text(
            "[data-testid=preset-status]",
            "every preset step to be sent",
            |t| t.starts_with("All steps sent"),
        )
        .await
        .map(drop)
    }
}
