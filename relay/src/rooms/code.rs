//! Join codes: six characters from an alphabet without look-alikes, shown
//! as `K7P-3QX`, typed in any case and with or without the dash.

use rand::Rng as _;
use shared::room::CODE_ALPHABET;

/// A fresh random code, `XXX-XXX`; with a relay id, its first letter is
/// that id, so a reverse proxy in front of several relays can route every
/// member of the room to the relay that holds it.
pub fn new_code(relay_id: Option<char>) -> String {
    let mut rng = rand::rng();
    let mut code = String::with_capacity(7);
    for i in 0..6 {
        if i == 3 {
            code.push('-');
        }
        match relay_id {
            Some(id) if i == 0 => code.push(id),
            _ => code.push(char::from(
                CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())],
            )),
        }
    }
    code
}

/// A relay id as configured: a letter of [`CODE_ALPHABET`] (any case), or
/// a number, 0 to 24, naming the alphabet's character at that place (a
/// Kubernetes StatefulSet's pod index: pod 0 is `A`, pod 1 `C`, …), so each
/// relay of a group can be told apart by the first character of its codes.
/// A number is always a place, so `3` is `E`, never the digit `3`.
pub fn parse_relay_id(text: &str) -> Result<char, String> {
    let text = text.trim();
    if let Ok(n) = text.parse::<usize>() {
        return CODE_ALPHABET.get(n).map(|c| char::from(*c)).ok_or_else(|| {
            format!(
                "relay id {n} is past the alphabet's places (0 to {})",
                CODE_ALPHABET.len() - 1
            )
        });
    }
    let mut chars = text.chars();
    match (chars.next().map(|c| c.to_ascii_uppercase()), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() && CODE_ALPHABET.contains(&(c as u8)) => Ok(c),
        _ => Err(format!(
            "{text:?} is not a relay id: a letter of {} or a number 0 to {}",
            String::from_utf8_lossy(CODE_ALPHABET),
            CODE_ALPHABET.len() - 1
        )),
    }
}

/// The canonical form of a code as someone typed it (`k7p 3qx` →
/// `K7P-3QX`), or `None` if it cannot be one.
pub fn normalise(typed: &str) -> Option<String> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '_'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 6
        || !chars
            .iter()
            .all(|c| c.is_ascii() && CODE_ALPHABET.contains(&(*c as u8)))
    {
        return None;
    }
    let mut code: String = chars[..3].iter().collect();
    code.push('-');
    code.extend(&chars[3..]);
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_id_is_the_first_letter_of_its_codes() {
        for _ in 0..50 {
            let code = new_code(Some('K'));
            assert!(code.starts_with('K'), "{code}");
            assert_eq!(normalise(&code), Some(code.clone()));
        }
    }

    #[test]
    fn relay_ids_are_alphabet_letters_or_their_places() {
        assert_eq!(parse_relay_id("k"), Ok('K'));
        assert_eq!(parse_relay_id(" A "), Ok('A'));
        assert_eq!(parse_relay_id("0"), Ok('A'), "pod index 0");
        assert_eq!(parse_relay_id("1"), Ok('C'));
        assert_eq!(parse_relay_id("24"), Ok('9'));
        // A number is a place, even when the digit is in the alphabet.
        assert_eq!(parse_relay_id("3"), Ok('E'));
        assert_eq!(parse_relay_id("20"), Ok('3'));
        assert!(parse_relay_id("25").is_err());
        assert!(parse_relay_id("O").is_err(), "look-alike of 0");
        assert!(parse_relay_id("AB").is_err());
        assert!(parse_relay_id("").is_err());
    }

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_read_back() {
        for _ in 0..200 {
            let code = new_code(None);
            assert_eq!(code.len(), 7);
            assert_eq!(&code[3..4], "-");
            assert_eq!(normalise(&code), Some(code.clone()));
            assert_eq!(
                normalise(&code.to_lowercase().replace('-', " ")),
                Some(code.clone())
            );
            assert!(!code.contains(['0', 'O', '1', 'I', 'L', '2', 'Z', '5', 'S', '8', 'B']));
        }
        assert_eq!(normalise("k7p3qx"), Some("K7P-3QX".into()));
        assert_eq!(normalise("K7P-3Q"), None);
        assert_eq!(normalise("K0P-3QX"), None, "0 is not in the alphabet");
        assert_eq!(normalise("K7P-3QXX"), None);
    }
}
