//! Korean as it is typed: jamo, keystrokes and the 두벌식 keyboard.
//!
//! A Hangul syllable is composed by the input method from the jamo the user
//! types, one key at a time, so text in a search box is often a syllable
//! still being composed (성 on the way to 서울: ㅅ ㅓ ㅇ, the ㅇ still a
//! final consonant), initial consonants only (ㅅㅇ for 서울), or Korean typed
//! with the keyboard left in English mode (`tjdnf` for 서울). This module
//! models that:
//!
//! * [`syllable`]: a precomposed syllable and its initial, medial and final
//!   jamo (Unicode's arithmetic), in the compatibility jamo (ㄱ, ㅏ) that an
//!   input method shows for a lone jamo;
//! * [`keystrokes`]: the keys typed for a text, each compound jamo split
//!   into the keys that make it (ㅘ → ㅗ ㅏ, ㄳ → ㄱ ㅅ; the double
//!   consonants ㄲ ㄸ ㅃ ㅆ ㅉ are one shifted key and stay whole), and the
//!   initial consonants (초성) of a text;
//! * [`layout`]: the 두벌식 (KS X 5002) layout as one table of keys, and the
//!   conversion between English-mode and Korean-mode text;
//! * [`compose`]: keystrokes back into syllables, as an input method does.
//!
//! Keystroke sequences are the level at which typed text compares with
//! words: 성 (ㅅㅓㅇ) is a prefix of 서울 (ㅅㅓㅇㅜㄹ), 달 (ㄷㅏㄹ) of 닭
//! (ㄷㅏㄹㄱ), 서우 (ㅅㅓㅇㅜ) of 서울. A syllable always starts with a
//! consonant key (ㅇ is typed), so a keystroke sequence of whole syllables
//! composes back to one text only.
//!
//! ```
//! use kosearch::jamo::{compose, keystrokes, layout};
//!
//! assert_eq!(keystrokes::keystrokes("과닭"), "ㄱㅗㅏㄷㅏㄹㄱ");
//! assert_eq!(keystrokes::choseong("세종시"), "ㅅㅈㅅ");
//! assert_eq!(layout::to_korean("tpwhdtl"), "ㅅㅔㅈㅗㅇㅅㅣ");
//! assert_eq!(compose::compose("ㅅㅔㅈㅗㅇㅅㅣ"), "세종시");
//! assert_eq!(layout::to_english("ㅑㅔㅙㅜㄷ"), "iphone");
//! ```

pub mod compose;
pub mod keystrokes;
pub mod layout;
pub mod syllable;
