//! Text that came from an input file, made safe to print on a terminal.
//!
//! A label, id, path or source line may hold control characters: an escape sequence that
//! recolours or clears the screen, a carriage return or newline that fakes a line of the report,
//! a bidirectional override that makes text read differently from what it is. Everything shown
//! to a person passes through here first, so no input can control the terminal it is read on.

use std::borrow::Cow;
use std::fmt::Write;
use std::ops::Range;

/// Whether `c` could change what a terminal shows beyond printing itself: C0 and C1 control
/// characters, DEL, and the Unicode bidirectional controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` for one line of output: every unsafe character, newlines and tabs included, is
/// written as a visible escape (`\n`, `\t`, `\r`, or `\u{1b}`).
pub fn inline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Several lines of `text` (a source excerpt): newlines and tabs are kept, a `\r` before a
/// newline is dropped, every other unsafe character is escaped as in [`inline`]. Returns the
/// safe text and where `span` (a byte range of `text`) lies in it.
pub fn excerpt(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut mapped = (None, None);
    for (offset, c) in text.char_indices() {
        if offset == span.start {
            mapped.0 = Some(out.len());
        }
        if offset == span.end {
            mapped.1 = Some(out.len());
        }
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if text[offset + 1..].starts_with('\n') => {}
            c => push_escaped(&mut out, c),
        }
    }
    let start = mapped.0.unwrap_or(out.len());
    let end = mapped.1.unwrap_or(out.len()).max(start);
    (out, start..end)
}

/// `word` as one word of a POSIX shell command: as it is when it holds only characters no
/// shell treats specially, else in single quotes. Unsafe characters are escaped as in
/// [`inline`] (such a word then names another file, but cannot control the terminal).
pub fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "_-./:=+,@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return inline(word).into_owned();
    }
    format!("'{}'", inline(word).replace('\'', "'\\''"))
}

/// `text` cut to its first `max_chars` characters, and whether anything was cut.
pub fn clip(text: &str, max_chars: usize) -> (&str, bool) {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => (&text[..cut], true),
        None => (text, false),
    }
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(inline("Kommunen – försörjningsstöd"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_and_newlines_become_visible() {
        assert_eq!(inline("a\u{1b}[31mb\nUpprepa: rm"), "a\\u{1b}[31mb\\nUpprepa: rm");
        assert_eq!(inline("x\u{9b}y\u{202e}z\u{7f}"), "x\\u{9b}y\\u{202e}z\\u{7f}");
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("/srv/kalkyl/scenarios/typisk_insats.toml"), "/srv/kalkyl/scenarios/typisk_insats.toml");
        assert_eq!(shell_word("/tmp/min kalkyl/it's.toml"), "'/tmp/min kalkyl/it'\\''s.toml'");
        assert_eq!(shell_word("$(rm -rf ~).toml"), "'$(rm -rf ~).toml'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn an_excerpt_keeps_its_lines_and_moves_the_span() {
        let text = "a = \"\u{1b}\"\r\nbc = 1\n";
        let start = text.find("bc").unwrap_or_default();
        let (safe, span) = excerpt(text, start..start + 2);
        assert_eq!(safe, "a = \"\\u{1b}\"\nbc = 1\n");
        assert_eq!(&safe[span], "bc");
    }
}
