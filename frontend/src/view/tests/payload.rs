use crate::view::payload::*;

fn line(offset: &str, hex: &str, ascii: &str) -> HexLine {
    HexLine {
        offset: offset.into(),
        hex: hex.into(),
        ascii: ascii.into(),
    }
}

#[test]
fn views_have_labels_in_tab_order() {
    let labels: Vec<&str> = PayloadView::ALL.iter().map(|v| v.label()).collect();
    assert_eq!(labels, ["text", "hex", "bytes"]);
    assert_eq!(PayloadView::default(), PayloadView::Text);
}

#[test]
fn hex_dump_matches_hexdump_c() {
    // Expected lines are `printf … | hexdump -C` output, column for column.
    let lines = hex_dump(b"hello world\n");
    assert_eq!(
        lines,
        [line(
            "00000000",
            "68 65 6c 6c 6f 20 77 6f  72 6c 64 0a            ",
            "hello world."
        )]
    );
    assert_eq!(
        lines[0].to_string(),
        "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|"
    );
    let two: Vec<String> = hex_dump(b"abcdefghijklmnopqrstuvwxyz\x00\x01\xff\x7f")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        two,
        [
            "00000000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|",
            "00000010  71 72 73 74 75 76 77 78  79 7a 00 01 ff 7f        |qrstuvwxyz....|",
        ]
    );
    assert_eq!(
        hex_dump(b"12345678")[0].to_string(),
        "00000000  31 32 33 34 35 36 37 38                           |12345678|"
    );
    assert_eq!(
        hex_dump(b"123456789")[0].to_string(),
        "00000000  31 32 33 34 35 36 37 38  39                       |123456789|"
    );
}

#[test]
fn hex_columns_always_have_the_same_width() {
    let bytes: Vec<u8> = (0..=255).collect();
    for n in 0..=40 {
        for l in hex_dump(&bytes[..n]) {
            assert_eq!(l.hex.len(), 48, "{n} bytes: {l}");
            assert_eq!(l.offset.len(), 8);
        }
    }
    assert!(hex_dump(b"").is_empty());
    let all = hex_dump(&bytes);
    assert_eq!(all.len(), 16);
    assert_eq!(all[15].offset, "000000f0");
    // Space and `~` are printable; DEL and high bytes are not.
    assert_eq!(all[2].ascii, " !\"#$%&'()*+,-./");
    assert_eq!(all[7].ascii, "pqrstuvwxyz{|}~.");
    assert_eq!(all[8].ascii, "................");
}

#[test]
fn text_keeps_lines_and_shows_control_characters() {
    assert_eq!(text_view(b"hello\n"), "hello\n");
    assert_eq!(text_view(b"a\tb"), "a\tb");
    assert_eq!(
        text_view(b"HTTP/1.1 200 OK\r\nServer: x\r\n"),
        "HTTP/1.1 200 OK\u{240d}\nServer: x\u{240d}\n"
    );
    assert_eq!(
        text_view(b"\x00\x01\x1b\x7f"),
        "\u{2400}\u{2401}\u{241b}\u{2421}"
    );
    assert_eq!(text_view(b"lone\rcr"), "lone\u{240d}cr");
    assert_eq!(text_view(b""), "");
}

#[test]
fn text_decodes_utf8_and_marks_invalid_bytes() {
    assert_eq!(text_view("héllo €".as_bytes()), "héllo €");
    assert_eq!(text_view(b"a\xffb"), "a\u{fffd}b");
    assert_eq!(text_view(b"\xe2\x82"), "\u{fffd}");
}

#[test]
fn text_escapes_invisible_and_reordering_characters() {
    // C1 control U+0085, zero-width space, right-to-left override, BOM.
    assert_eq!(text_view("a\u{85}b".as_bytes()), "a\\x85b");
    assert_eq!(text_view("a\u{200b}b".as_bytes()), "a\\u200bb");
    assert_eq!(text_view("\u{202e}abc".as_bytes()), "\\u202eabc");
    assert_eq!(text_view("\u{feff}x".as_bytes()), "\\ufeffx");
    assert_eq!(text_view("\u{2028}".as_bytes()), "\\u2028");
}

#[test]
fn render_gives_each_view_whole() {
    let b = b"hi\r\n";
    assert_eq!(render(PayloadView::Text, b), "hi\u{240d}\n");
    assert_eq!(
        render(PayloadView::Hex, b),
        "00000000  68 69 0d 0a                                       |hi..|"
    );
    assert_eq!(render(PayloadView::Repr, b), r"b'hi\r\n'");
    assert_eq!(render(PayloadView::Repr, b""), "b''");
    assert_eq!(render(PayloadView::Hex, b""), "");
    let two = render(PayloadView::Hex, &[b'x'; 17]);
    assert_eq!(two.lines().count(), 2);
    assert!(two.ends_with("|x|"));
}

#[test]
fn small_payloads_are_shown_whole() {
    let b = vec![b'a'; VIEW_CAP];
    for v in PayloadView::ALL {
        assert_eq!(hidden_bytes(v, &b), 0);
        assert_eq!(more_note(v, &b), None);
    }
    assert_eq!(text_view(&b).len(), VIEW_CAP);
    assert_eq!(hex_dump(&b).len(), VIEW_CAP / 16);
}

#[test]
fn big_payloads_are_capped_with_a_note() {
    assert_eq!(VIEW_CAP, 4096);
    let mib = vec![b'a'; 1 << 20];
    let hidden = (1 << 20) - VIEW_CAP;
    let note = format!("… {hidden} more bytes");
    assert_eq!(text_view(&mib).len(), VIEW_CAP);
    assert_eq!(hex_dump(&mib).len(), VIEW_CAP / 16);
    for v in PayloadView::ALL {
        assert_eq!(hidden_bytes(v, &mib), hidden);
        assert_eq!(more_note(v, &mib).as_deref(), Some(note.as_str()));
    }
    let text = render(PayloadView::Text, &mib);
    assert_eq!(text, format!("{}\n{note}", "a".repeat(VIEW_CAP)));
    let repr = render(PayloadView::Repr, &mib);
    assert_eq!(repr, format!("b'{}'\n{note}", "a".repeat(VIEW_CAP)));
    let hex = render(PayloadView::Hex, &mib);
    assert_eq!(hex.lines().count(), VIEW_CAP / 16 + 1);
    assert!(hex.ends_with(&format!("|\n{note}")));
}

#[test]
fn one_hidden_byte_is_singular() {
    let b = vec![b'a'; VIEW_CAP + 1];
    assert_eq!(
        more_note(PayloadView::Hex, &b).as_deref(),
        Some("… 1 more byte")
    );
    // A text ending in a newline gets no blank line before the note.
    let mut nl = vec![b'a'; VIEW_CAP - 1];
    nl.extend_from_slice(b"\nb");
    assert_eq!(
        render(PayloadView::Text, &nl),
        format!("{}\n… 1 more byte", "a".repeat(VIEW_CAP - 1))
    );
}

#[test]
fn text_cap_never_splits_a_character() {
    // "€" is 3 bytes; put one across the cap.
    let mut b = vec![b'a'; VIEW_CAP - 1];
    b.extend_from_slice("€z".as_bytes());
    let text = text_view(&b);
    assert_eq!(text, "a".repeat(VIEW_CAP - 1));
    assert_eq!(hidden_bytes(PayloadView::Text, &b), 4);
    assert_eq!(
        more_note(PayloadView::Text, &b).as_deref(),
        Some("… 4 more bytes")
    );
    // Hex and repr cut at exactly the cap.
    assert_eq!(hidden_bytes(PayloadView::Hex, &b), 3);
    // A character ending exactly at the cap stays.
    let mut fits = vec![b'a'; VIEW_CAP - 3];
    fits.extend_from_slice("€z".as_bytes());
    assert!(text_view(&fits).ends_with('€'));
    // Stray continuation bytes at the cap are just invalid, cut at the cap.
    let mut stray = vec![b'a'; VIEW_CAP];
    stray.extend_from_slice(b"\x80\x80");
    stray[VIEW_CAP - 1] = 0x80;
    assert_eq!(hidden_bytes(PayloadView::Text, &stray), 2);
    let mut garbage = vec![0x80; VIEW_CAP + 2];
    garbage[0] = b'a';
    assert_eq!(hidden_bytes(PayloadView::Text, &garbage), 2);
}
