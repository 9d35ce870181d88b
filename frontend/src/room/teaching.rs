//! The room a tab is teaching, remembered across a reload.
//!
//! A teacher whose page reloads takes its session back, room and all
//! ([`crate::reload`]). A tab that was away longer than the grace period
//! (or whose session ended otherwise) gets a new session, outside the room;
//! the room itself lives on with its students.
//! The tab therefore keeps, in `sessionStorage` (this tab only, gone when
//! it closes), the room's code, the teacher's name and the key they typed,
//! and the Join form offers them back: one press of Join, as the room's
//! teacher, and the dashboard returns.

/// The `sessionStorage` key.
pub const STORAGE_KEY: &str = "socket-playground.teaching";

/// What the tab remembers of the room it teaches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Teaching {
    /// The join code.
    pub code: String,
    /// The teacher's display name.
    pub name: String,
    /// The teacher key typed when the room opened (empty on a local relay).
    pub key: String,
}

impl Teaching {
    /// One line each: code, name (without line breaks), then the key.
    pub fn encode(&self) -> String {
        let name: String = self.name.chars().filter(|c| *c != '\n').collect();
        format!("{}\n{}\n{}", self.code, name, self.key)
    }

    /// The stored text back, or `None` if it is not one (another version's,
    /// or edited by hand).
    pub fn decode(text: &str) -> Option<Teaching> {
        let mut parts = text.splitn(3, '\n');
        let code = crate::room::normalize_code(parts.next()?)?;
        let name = parts.next()?.to_string();
        let key = parts.next()?.to_string();
        Some(Teaching { code, name, key })
    }
}

/// What the tab should remember now: the room it teaches, if in one as
/// its teacher; `Keep` while out of a room for no stated reason (a
/// reload); `Forget` once the room said goodbye (closed, removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remember {
    /// Store this.
    Store(Teaching),
    /// Leave what is stored.
    Keep,
    /// Remove what is stored.
    Forget,
}

/// Decides [`Remember`] from the room view (`(code, teacher's name)` when
/// the page teaches a room), whether the page was told it left its room,
/// and the key last typed.
pub fn remember(teaching: Option<(&str, &str)>, left: bool, key: &str) -> Remember {
    match teaching {
        Some((code, name)) => Remember::Store(Teaching {
            code: code.into(),
            name: name.into(),
            key: key.into(),
        }),
        None if left => Remember::Forget,
        None => Remember::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_room_reads_back() {
        let t = Teaching {
            code: "K7P-3QX".into(),
            name: "Ms\nHopper".into(),
            key: "a key\nwith a break".into(),
        };
        let back = Teaching::decode(&t.encode()).expect("decodes");
        assert_eq!(back.code, "K7P-3QX");
        assert_eq!(back.name, "MsHopper");
        assert_eq!(back.key, "a key\nwith a break");
        assert_eq!(Teaching::decode("not a code\nx\ny"), None);
        assert_eq!(Teaching::decode("K7P-3QX\nonly a name"), None);
    }

    #[test]
    fn the_tab_remembers_while_teaching_and_forgets_when_the_room_says_goodbye() {
        assert_eq!(
            remember(Some(("K7P-3QX", "T")), false, "k"),
            Remember::Store(Teaching {
                code: "K7P-3QX".into(),
                name: "T".into(),
                key: "k".into()
            })
        );
        assert_eq!(remember(None, false, ""), Remember::Keep, "a reload");
        assert_eq!(
            remember(None, true, ""),
            Remember::Forget,
            "closed or removed"
        );
    }
}
