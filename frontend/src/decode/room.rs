//! Rooms in the relay's events: [`shared::RoomView`] and its parts.

use super::event::{boolean, list, narrow, sock_addr, sock_type, string, uint, Obj, R};
use super::msgpack::Val;
use shared::{RoomEvent, RoomListener, RoomMember, RoomView};

/// A room as its members see it.
pub(super) fn room(v: &Val) -> R<RoomView> {
    let o = Obj::of(v, "room")?;
    Ok(RoomView {
        code: o.req("code", string)?,
        name: o.req("name", string)?,
        you: o.req("you", narrow)?,
        members: o.opt("members", |v| list(v, member))?.unwrap_or_default(),
        paused: o.req("paused", boolean)?,
        task: o.opt("task", string)?,
        listeners: o
            .opt("listeners", |v| list(v, listener))?
            .unwrap_or_default(),
    })
}

fn member(v: &Val) -> R<RoomMember> {
    let o = Obj::of(v, "member")?;
    Ok(RoomMember {
        id: o.req("id", narrow)?,
        name: o.req("name", string)?,
        teacher: o.req("teacher", boolean)?,
        sockets: o.req("sockets", narrow)?,
        ops: o.req("ops", uint)?,
        last_op: o.opt("last_op", string)?,
        last_error: o.opt("last_error", string)?,
    })
}

fn listener(v: &Val) -> R<RoomListener> {
    let o = Obj::of(v, "listener")?;
    Ok(RoomListener {
        member: o.req("member", narrow)?,
        addr: o.req("addr", sock_addr)?,
        kind: o.req("type", sock_type)?,
    })
}

/// One entry of the room's timeline.
pub(super) fn room_event(v: &Val) -> R<RoomEvent> {
    let o = Obj::of(v, "room event")?;
    Ok(RoomEvent {
        n: o.req("n", uint)?,
        at_ms: o.req("at_ms", uint)?,
        member: o.req("member", narrow)?,
        peer: o.opt("peer", narrow)?,
        what: o.req("what", string)?,
    })
}
