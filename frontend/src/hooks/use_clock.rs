//! `use_clock`: the page clock, re-read every `period_ms` while the component
//! is mounted, for countdowns and elapsed times of pending calls.

use super::use_relay::now_ms;
use futures::StreamExt;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use yew::platform::{spawn_local, time::interval};
use yew::prelude::*;

/// The current page time in ms, refreshed every `period_ms`.
#[hook]
pub fn use_clock(period_ms: u64) -> f64 {
    let now = use_state(now_ms);
    {
        let now = now.setter();
        use_effect_with(period_ms, move |period| {
            let stop = Rc::new(Cell::new(false));
            let ticking = stop.clone();
            let mut ticks = Box::pin(interval(Duration::from_millis(*period)));
            spawn_local(async move {
                while ticks.next().await.is_some() {
                    if ticking.get() {
                        break;
                    }
                    now.set(now_ms());
                }
            });
            move || stop.set(true)
        });
    }
    *now
}
