//! Join codes: six characters from an alphabet without look-alikes, shown
//! as `K7P-3QX`, typed in any case and with or without the dash.

use rand::Rng as _;
use shared::room::CODE_ALPHABET;

/// A fresh random code, `XXX-XXX`.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let mut code = String::with_capacity(7);
    for i in 0..6 {
        if i == 3 {
            code.push('-');
        }
        let c = CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())];
        code.push(char::from(c));
    }
    code
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
    fn codes_use_the_unambiguous_alphabet_and_read_back() {
        for _ in 0..200 {
            let code = new_code();
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
