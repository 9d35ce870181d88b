//! Rooms in the relay's events: [`shared::RoomView`] and its parts.

use super::event::{
    boolean, list, narrow, sock_addr, sock_id, sock_type, string, uint, unknown, variant, Obj, R,
};
use super::msgpack::Val;
use shared::{
    Body, CallEnd, RoomEvent, RoomEventKind, RoomListener, RoomMember, RoomView, SpotlightCall,
};

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
        spotlight: o.opt("spotlight", narrow)?,
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
        bytes_sent: o.opt("bytes_sent", uint)?.unwrap_or_default(),
        bytes_received: o.opt("bytes_received", uint)?.unwrap_or_default(),
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
        addr: o.opt("addr", sock_addr)?,
        what: o.req("what", string)?,
        kind: o.opt("kind", event_kind)?.unwrap_or_default(),
    })
}

/// A timeline entry's kind; one this page does not know yet reads as
/// `other`, so a newer relay's entries still show.
fn event_kind(v: &Val) -> R<RoomEventKind> {
    Ok(match variant(v)?.0 {
        "listen" => RoomEventKind::Listen,
        "connect" => RoomEventKind::Connect,
        "accept" => RoomEventKind::Accept,
        "send" => RoomEventKind::Send,
        "receive" => RoomEventKind::Receive,
        "eof" => RoomEventKind::Eof,
        "close" => RoomEventKind::Close,
        "reset" => RoomEventKind::Reset,
        _ => RoomEventKind::Other,
    })
}

/// `room_spotlight`: the spotlighted member's new calls.
pub(super) fn spotlight(v: &Val) -> R<Body> {
    let o = Obj::of(v, "room_spotlight")?;
    Ok(Body::RoomSpotlight {
        member: o.req("member", narrow)?,
        calls: o.opt("calls", |v| list(v, call))?.unwrap_or_default(),
    })
}

fn call(v: &Val) -> R<SpotlightCall> {
    let o = Obj::of(v, "spotlight call")?;
    Ok(SpotlightCall {
        n: o.req("n", uint)?,
        at_ms: o.req("at_ms", uint)?,
        sock: o.opt("sock", sock_id)?,
        op: o.req("op", string)?,
        line: o.req("line", string)?,
        result: o.opt("result", string)?.unwrap_or_default(),
        end: o.req("end", |v| match variant(v)?.0 {
            "ok" => Ok(CallEnd::Ok),
            "error" => Ok(CallEnd::Error),
            "refused" => Ok(CallEnd::Refused),
            "cancelled" => Ok(CallEnd::Cancelled),
            other => unknown("call end", other),
        })?,
    })
}

/// `room_reset`: the teacher closed this session's sockets.
pub(super) fn reset(v: &Val) -> R<Body> {
    let o = Obj::of(v, "room_reset")?;
    Ok(Body::RoomReset {
        sockets: o.opt("sockets", |v| list(v, sock_id))?.unwrap_or_default(),
        reason: o.req("reason", string)?,
    })
}
