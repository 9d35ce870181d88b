//! The timeline: a sequence diagram with one lane per socket and per relay
//! service, newest row last. Only the rows in view are drawn (the rows have
//! one height, see `playground::timeline::window`), so 10,000 events scroll
//! as smoothly as ten. Click a row, or move to it with ↑/↓ (j/k), to see
//! its trace and payload below.

use super::entry::ConsoleEntry;
use super::use_relay_context;
use playground::state::prefs::Prefs;
use playground::state::Action;
use playground::timeline::{keep_following, window, Item, LaneKey};
use yew::prelude::*;

/// Rows drawn beyond the viewport on each side.
const OVERSCAN: usize = 8;

/// Row height and lane width in CSS pixels, larger in presenter mode (the
/// stylesheet uses the same numbers through `--row` and `--lane`).
fn metrics(presenter: bool) -> (f64, f64) {
    if presenter {
        (44.0, 190.0)
    } else {
        (30.0, 140.0)
    }
}

/// The diagram and the focused row's details.
#[function_component(TimelineView)]
pub fn timeline_view() -> Html {
    let relay = use_relay_context();
    let prefs = use_context::<UseReducerHandle<Prefs>>().map(|p| *p);
    let presenter = prefs.is_some_and(|p| p.presenter);
    let (row_h, lane_w) = metrics(presenter);
    let state = &*relay.state;
    let t = &state.timeline;
    let rows = t.items.len();
    let scroll = use_state(|| (0.0_f64, 360.0_f64));
    // Whether to stick to the newest row, and the last scroll position seen.
    let follow = use_mut_ref(|| (true, 0.0_f64));
    let body_ref = use_node_ref();

    {
        // Stick to the newest row while the learner has not scrolled up.
        let body_ref = body_ref.clone();
        let follow = follow.clone();
        let scroll = scroll.clone();
        use_effect_with(rows, move |_| {
            if follow.borrow().0 {
                if let Some(el) = body_ref.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                    scroll.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
                }
            }
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        let follow = follow.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let top = f64::from(el.scroll_top());
            let height = f64::from(el.client_height());
            let mut f = follow.borrow_mut();
            *f = (
                keep_following(f.0, f.1, top, height, f64::from(el.scroll_height())),
                top,
            );
            scroll.set((top, height));
        })
    };
    let focus_row = {
        let dispatch = relay.dispatch.clone();
        move |row: Option<usize>| dispatch.emit(Action::Focus(row))
    };
    let onkeydown = {
        let focused = state.focused_row;
        let focus_row = focus_row.clone();
        let body_ref = body_ref.clone();
        let follow = follow.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowDown" | "j" => {
                    Some(focused.map_or(0, |r| (r + 1).min(rows.saturating_sub(1))))
                }
                "ArrowUp" | "k" => {
                    Some(focused.map_or(rows.saturating_sub(1), |r| r.saturating_sub(1)))
                }
                "Home" => Some(0),
                "End" => Some(rows.saturating_sub(1)),
                "Escape" => {
                    focus_row(None);
                    None
                }
                _ => return,
            };
            e.prevent_default();
            if let Some(row) = next.filter(|_| rows > 0) {
                focus_row(Some(row));
                follow.borrow_mut().0 = row + 1 == rows;
                if let Some(el) = body_ref.cast::<web_sys::Element>() {
                    let top = row as f64 * row_h;
                    let height = f64::from(el.client_height());
                    let current = f64::from(el.scroll_top());
                    if top < current || top + row_h > current + height {
                        el.set_scroll_top((top - height / 2.0).max(0.0) as i32);
                    }
                }
            }
        })
    };

    let range = window(scroll.0, scroll.1, row_h, rows, OVERSCAN);
    let lanes = t.lanes.len().max(1);
    let width = 170.0 + lanes as f64 * lane_w;
    let x = |lane: usize| 170.0 + lane as f64 * lane_w + lane_w / 2.0;

    let heads = t.lanes.iter().enumerate().map(|(i, l)| {
        let kind = match l.key {
            LaneKey::Socket(_) => "socket",
            LaneKey::Service(_) => "service",
            LaneKey::Outside => "outside",
        };
        html! {
            <div class={classes!("lane-head", kind, l.closed.then_some("closed"))}
                style={format!("left:{}px;width:{}px", 170.0 + i as f64 * lane_w, lane_w)}
                title={if l.closed { "closed" } else { "" }}>
                { &l.label }{ if l.closed { " ✕" } else { "" } }
            </div>
        }
    });
    let lifelines = (0..t.lanes.len()).map(|i| {
        html! { <div class="lifeline" style={format!("left:{}px", x(i))} /> }
    });
    let bars = t.bars_in(range.clone()).map(|b| {
        let end = b.to.map_or(rows, |to| to);
        html! {
            <div class={classes!("bar", b.to.is_none().then_some("open"))}
                title="blocked in this call"
                style={format!("left:{}px;top:{}px;height:{}px", x(b.lane) - 4.0,
                    b.from as f64 * row_h + row_h / 2.0, ((end - b.from) as f64 * row_h).max(row_h / 2.0))} />
        }
    });
    let items = t.items.range(range.clone()).map(|(i, item)| {
        let focused = state.focused_row == Some(i);
        let onclick = {
            let focus_row = focus_row.clone();
            Callback::from(move |_: MouseEvent| focus_row(Some(i)))
        };
        row_html(i, item, focused, row_h, &x, onclick)
    });

    let detail = state
        .focused_row
        .and_then(|r| t.items.get(r).map(|item| (r, item)))
        .map(|(r, item)| {
            let entry = item.entry.and_then(|id| state.entry(id)).cloned();
            html! {
                <div class="detail" data-testid="timeline-detail">
                    <h3>{ format!("Row {}: {}", r + 1, item.label) }</h3>
                    if let Some(entry) = entry {
                        <ol class="console"><ConsoleEntry entry={entry} /></ol>
                    } else {
                        <p>{ "Reported by the relay's service (no call of yours)." }</p>
                    }
                </div>
            }
        });

    html! {
        <section class="panel timeline-panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ "Timeline" }
                <small class="count" data-testid="timeline-count">{ format!(" {rows} events") }</small>
            </h2>
            if rows == 0 {
                <p class="hint">{ "A sequence diagram of what your sockets and the relay's services do: one lane each, arrows for connects, bytes, FIN and RST." }</p>
            }
            <div class="timeline" id="timeline" data-testid="timeline" tabindex="0"
                role="listbox"
                aria-label="Timeline: arrow keys move between rows, Escape closes the details"
                aria-activedescendant={state.focused_row.map(|r| format!("t-row-{r}"))}
                {onkeydown} hidden={rows == 0}>
                <div class="lane-heads" style={format!("width:{width}px")}>{ for heads }</div>
                <div class="timeline-body" ref={body_ref} {onscroll}>
                    <div class="timeline-canvas"
                        style={format!("height:{}px;width:{width}px", rows as f64 * row_h)}>
                        { for lifelines }
                        { for bars }
                        { for items }
                    </div>
                </div>
            </div>
            <div class="detail-slot">{ for detail }</div>
        </section>
    }
}

/// One row: its number, then a dot on its lane or an arrow to its peer.
fn row_html(
    i: usize,
    item: &Item,
    focused: bool,
    row_h: f64,
    x: &dyn Fn(usize) -> f64,
    onclick: Callback<MouseEvent>,
) -> Html {
    let mark = item.mark.as_str();
    let top = i as f64 * row_h;
    let shape = match item.peer.filter(|p| *p != item.lane) {
        Some(peer) => {
            let (from, to) = if item.outgoing {
                (item.lane, peer)
            } else {
                (peer, item.lane)
            };
            let (left, right) = (x(from).min(x(to)), x(from).max(x(to)));
            let dir = if x(to) > x(from) { "right" } else { "left" };
            html! {
                <>
                    <div class={classes!("arrow", dir, mark)}
                        style={format!("left:{left}px;width:{}px", right - left)} />
                    <span class="label on-arrow" style={format!("left:{left}px;width:{}px", right - left)}>
                        { &item.label }
                    </span>
                </>
            }
        }
        None => html! {
            <>
                <div class={classes!("dot", mark)} style={format!("left:{}px", x(item.lane) - 6.0)} />
                <span class="label beside" style={format!("left:{}px", x(item.lane) + 10.0)}>
                    { &item.label }
                </span>
            </>
        },
    };
    html! {
        <div class={classes!("t-row", mark, focused.then_some("focused"))}
            id={format!("t-row-{i}")} data-testid={format!("t-row-{i}")} data-mark={mark}
            style={format!("top:{top}px;height:{row_h}px")} {onclick}
            role="option" aria-selected={focused.to_string()}
            aria-label={format!("row {}: {}", i + 1, item.label)}>
            <span class="t-seq">{ i + 1 }</span>
            { shape }
        </div>
    }
}
