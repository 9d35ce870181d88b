//! The socket playground's wire protocol, shared by the relay (native) and the
//! page (wasm32). It has no I/O and no runtime so both sides compile the very
//! same types and cannot drift apart.
//!
//! # Layout
//!
//! - [`payload`]: [`Payload`], bytes that stay bytes on the wire.
//! - [`address`]: families, socket types, addresses as a learner writes them.
//! - [`command`]: [`Command`] and its [`Op`], what the page asks the relay to do.
//! - [`event`]: [`Event`], everything the relay reports back.
//! - [`pyerror`]: [`PyError`], an error exactly as CPython would raise it.
//! - [`errno`]: Linux errno names, numbers and messages.
//! - [`trace`]: the genuine system calls behind one result.
//! - [`snapshot`]: a socket's state as the kernel reports it.
//! - [`hello`]: the handshake, limits and services.
//! - [`room`]: classrooms: join codes, members, the teacher's controls.
//! - [`codec`]: JSON (text frames) and MessagePack (binary frames).
//!
//! See `PROTOCOL.md` at the repository root for the exchange in prose.

pub mod address;
pub mod codec;
pub mod command;
pub mod errno;
pub mod event;
pub mod hello;
pub mod payload;
pub mod pyerror;
pub mod room;
pub mod samples;
pub mod snapshot;
pub mod trace;

pub use address::{Address, Family, SockAddr, SockType};
pub use codec::{DecodeError, Encoding};
pub use command::{Command, Op, OptValue, Resume, ShutdownHow, SockOpt, SocketId};
pub use event::{
    Activity, AddrInfoEntry, Body, Event, KnownSocket, LingeringConn, OpResult, Outcome, Rejection,
    ServiceActivity, Value,
};
pub use hello::{Hello, Limits, Profile, ServiceInfo, ServiceProto};
pub use payload::Payload;
pub use pyerror::{ExceptionClass, PyError};
pub use room::{
    CallEnd, RoomControl, RoomEvent, RoomEventKind, RoomListener, RoomMember, RoomView,
    SpotlightCall,
};
pub use snapshot::{AcceptQueue, SocketSnapshot, TcpState};
pub use trace::{Trace, TraceStep};

/// The protocol version. A page speaking another version is told so in a
/// [`Rejection::VersionMismatch`] and the connection is closed, because
/// nothing else it sends could be understood reliably.
pub const PROTOCOL_VERSION: u32 = 1;
