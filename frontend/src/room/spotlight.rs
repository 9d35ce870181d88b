//! The spotlight as the teacher's page keeps it: whose calls the relay is
//! sending, and the newest of them. The relay sends them only to the
//! room's teacher; the room's view tells everyone whose they are.

use shared::SpotlightCall;
use std::collections::VecDeque;

/// Calls kept, as many as the relay keeps.
pub const KEPT: usize = 50;

/// The spotlighted member and their newest calls, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SpotlightFeed {
    /// Whose calls these are.
    pub member: Option<u32>,
    /// The calls, oldest first.
    pub calls: VecDeque<SpotlightCall>,
}

impl SpotlightFeed {
    /// New calls of `member` from the relay (a `room_spotlight` event).
    pub fn receive(&mut self, member: u32, calls: Vec<SpotlightCall>) {
        self.follow(Some(member));
        // Numbered by the room: calls sent again (after a replay with a
        // gap) are not shown twice.
        let newest = self.calls.back().map(|c| c.n);
        self.calls
            .extend(calls.into_iter().filter(|c| newest.is_none_or(|n| c.n > n)));
        while self.calls.len() > KEPT {
            self.calls.pop_front();
        }
    }

    /// The room's view says who is in the spotlight now: when that changes,
    /// the calls of whoever was go.
    pub fn follow(&mut self, member: Option<u32>) {
        if self.member != member {
            self.member = member;
            self.calls.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::CallEnd;

    fn call(n: u64) -> SpotlightCall {
        SpotlightCall {
            n,
            at_ms: n * 10,
            sock: None,
            op: "recv".into(),
            line: format!("s1.recv({n})"),
            result: String::new(),
            end: CallEnd::Ok,
        }
    }

    #[test]
    fn calls_follow_the_member_in_the_spotlight_and_only_the_newest_stay() {
        let mut feed = SpotlightFeed::default();
        feed.follow(Some(2));
        feed.receive(2, vec![call(1), call(2)]);
        assert_eq!(feed.calls.len(), 2);
        feed.follow(Some(2));
        assert_eq!(feed.calls.len(), 2, "the same member: kept");
        feed.receive(2, (3..100).map(call).collect());
        assert_eq!(feed.calls.len(), KEPT);
        assert_eq!(feed.calls.back().map(|c| c.n), Some(99));
        feed.receive(2, (90..101).map(call).collect());
        assert_eq!(feed.calls.len(), KEPT, "calls sent again are not doubled");
        assert_eq!(feed.calls.back().map(|c| c.n), Some(100));
        feed.follow(Some(3));
        assert!(feed.calls.is_empty(), "another member starts afresh");
        feed.receive(3, vec![call(100)]);
        feed.follow(None);
        assert_eq!(feed, SpotlightFeed::default());
    }
}
