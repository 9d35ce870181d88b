use crate::view::ports::WELL_KNOWN;

#[test]
fn table_is_sorted_unique_and_sized_for_a_panel() {
    assert!((20..=24).contains(&WELL_KNOWN.len()));
    for pair in WELL_KNOWN.windows(2) {
        assert!(pair[0] < pair[1], "{:?} before {:?}", pair[0], pair[1]);
    }
    for (port, proto) in WELL_KNOWN {
        assert!(matches!(*proto, "tcp" | "udp"), "{port}/{proto}");
        assert!(*port < 1024, "{port} is not a well-known port");
    }
}

#[test]
fn the_curriculums_examples_are_there() {
    // C6 names HTTP 80, FTP 21, SMTP 25, DNS 53 and SNMP 161.
    for pair in [
        (80, "tcp"),
        (21, "tcp"),
        (25, "tcp"),
        (53, "udp"),
        (161, "udp"),
    ] {
        assert!(WELL_KNOWN.contains(&pair), "{pair:?}");
    }
}
