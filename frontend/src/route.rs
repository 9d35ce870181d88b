//! Which relay of a group the page's WebSocket goes to.
//!
//! Several relays can run behind one reverse proxy (README, "Several
//! relays"); each has an id, the first character of its room codes, and
//! the proxy sends `/relay/<id>/ws` to it. The page therefore opens
//! `/relay/<id>/ws` when it must reach one relay in particular: to resume
//! its session (the id its hello named), and to join a room (the code's
//! first character). A lone relay has no id and answers every path, so
//! none of this changes anything there.

use crate::room::normalize_code;

/// The WebSocket path for relay `id`, or any relay.
pub fn ws_path(relay: Option<&str>) -> String {
    match relay {
        Some(id) => format!("/relay/{id}/ws"),
        None => "/ws".into(),
    }
}

/// The relay a room's code names: its first character.
pub fn room_relay(code: &str) -> Option<String> {
    normalize_code(code).and_then(|c| c.chars().next().map(String::from))
}

/// The relay the page must move to before joining the room `code`, when
/// it is connected to another relay of a group (`current`, from its
/// hello); `None` when it is on the right one or the relay is alone.
pub fn move_for_room(code: &str, current: Option<&str>) -> Option<String> {
    let current = current?;
    room_relay(code).filter(|target| target != current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_a_relay_or_none() {
        assert_eq!(ws_path(None), "/ws");
        assert_eq!(ws_path(Some("K")), "/relay/K/ws");
    }

    #[test]
    fn a_code_names_its_relay_by_its_first_character() {
        assert_eq!(room_relay("k7p-3qx").as_deref(), Some("K"));
        assert_eq!(room_relay("K7P3QX").as_deref(), Some("K"));
        assert_eq!(room_relay("nonsense"), None);
    }

    #[test]
    fn the_page_moves_only_between_relays_of_a_group() {
        // Alone: never.
        assert_eq!(move_for_room("K7P-3QX", None), None);
        // Already on the room's relay.
        assert_eq!(move_for_room("k7p-3qx", Some("K")), None);
        // On another relay of the group.
        assert_eq!(move_for_room("K7P-3QX", Some("A")).as_deref(), Some("K"));
        // Not a code: the relay explains, no move.
        assert_eq!(move_for_room("??", Some("A")), None);
    }
}
