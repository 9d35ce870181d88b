//! A session carried across a reload of its tab.
//!
//! The relay keeps a session for a grace period after its page goes away
//! and replays the events the page missed when it comes back with the
//! resume token ([`crate::state`] rebuilds the sockets table, the timeline
//! and the room from that replay). A reload is the commonest way for a page
//! to go away, so the tab keeps the token across it: the learner's
//! listening socket, their accepted connections and their place in a room
//! survive an F5.
//!
//! The token lives in `sessionStorage` (this tab only) **only while the
//! page is gone**: the page takes it out when it loads and puts it back
//! when it is hidden (`pagehide`, when it also closes its WebSocket so the
//! grace period starts at once). A tab duplicated or opened from this one
//! copies `sessionStorage` while the page is alive, so it finds nothing and
//! starts a session of its own rather than fighting this tab for one. A
//! page the browser restores from its back-forward cache takes the token
//! out again (`pageshow`) and reconnects.
//!
//! Command ids go on from where the old page stopped ([`Carried::next_id`]),
//! so a new command is never mistaken for an old one the replay answers.

/// The `sessionStorage` key.
pub const STORAGE_KEY: &str = "socket-playground.session";

/// The first line of the stored text: another version's text is ignored.
const VERSION: &str = "v1";

/// What the tab keeps of its session while the page reloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    /// The session's resume token.
    pub token: String,
    /// The relay of a group the session is on (its hello's `relay_id`).
    pub relay_id: Option<String>,
    /// The id the next command gets.
    pub next_id: u64,
}

impl Carried {
    /// `v1`, the token, the relay id (empty for a lone relay) and the next
    /// command id, a line each.
    pub fn encode(&self) -> String {
        format!(
            "{VERSION}\n{}\n{}\n{}",
            self.token,
            self.relay_id.as_deref().unwrap_or_default(),
            self.next_id
        )
    }

    /// The stored text back, or `None` if it is not one (another version's,
    /// or edited by hand).
    pub fn decode(text: &str) -> Option<Carried> {
        let mut lines = text.split('\n');
        if lines.next()? != VERSION {
            return None;
        }
        let token = lines.next()?;
        let relay_id = lines.next()?;
        let next_id = lines.next()?.parse().ok().filter(|n| *n >= 1)?;
        let plain = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if token.is_empty() || !plain(token) || !plain(relay_id) || lines.next().is_some() {
            return None;
        }
        Some(Carried {
            token: token.to_string(),
            relay_id: (!relay_id.is_empty()).then(|| relay_id.to_string()),
            next_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Carried;

    #[test]
    fn round_trips_and_refuses_what_is_not_one() {
        let c = Carried {
            token: "3f9a0c7e21d84b6a".into(),
            relay_id: Some("K".into()),
            next_id: 42,
        };
        assert_eq!(c.encode(), "v1\n3f9a0c7e21d84b6a\nK\n42");
        assert_eq!(Carried::decode(&c.encode()), Some(c.clone()));
        let alone = Carried {
            relay_id: None,
            ..c
        };
        assert_eq!(Carried::decode(&alone.encode()), Some(alone));

        for bad in [
            "",
            "v2\nabc\n\n3",
            "v1\n\n\n3",
            "v1\nabc\n\n0",
            "v1\nabc\n\nlots",
            "v1\nab c\n\n3",
            "v1\nabc\nK/../x\n3",
            "v1\nabc\n\n3\nmore",
            "v1\nabc\n",
        ] {
            assert_eq!(Carried::decode(bad), None, "{bad:?}");
        }
    }
}
