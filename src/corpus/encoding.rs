//! Turning file bytes into text: UTF-8, UTF-16 and the legacy Korean encodings.
//!
//! [`decode`] looks at a whole file and decides, in this order:
//!
//! 1. a UTF-8 byte-order mark: the rest must be UTF-8 (`"UTF-8 with BOM"`);
//! 2. a UTF-16 byte-order mark, little- or big-endian: the rest must be
//!    well-formed UTF-16 (`"UTF-16LE"`, `"UTF-16BE"`);
//! 3. otherwise, a binary file is refused: a NUL byte in the first 8 KiB, or
//!    more than a tenth of those bytes C0 control characters (or DEL) other
//!    than tab, line feed, carriage return and form feed (the same test runs
//!    on the decoded text of a UTF-16 file);
//! 4. valid UTF-8 (`"UTF-8"`), which includes empty input;
//! 5. EUC-KR as the web knows it, that is Windows code page 949 (Unified
//!    Hangul Code), a superset of KS X 1001 EUC-KR (`"EUC-KR"`).
//!
//! Decoding never substitutes U+FFFD: bytes that are not exactly one of
//! these encodings are an error, never text with replacement characters. A
//! byte sequence that happens to be valid CP949 but reads as mojibake (text
//! in another multi-byte encoding, such as GBK or Shift_JIS, read as CP949)
//! is refused too: see [`decode`].

use encoding_rs::{Encoding, EUC_KR, UTF_16BE, UTF_16LE};

use crate::chars::{is_hangul_syllable, is_hanja};

/// How many leading bytes the binary test looks at.
const SNIFF_LEN: usize = 8 * 1024;

/// Text decoded from bytes, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding found: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE" or "EUC-KR" (CP949).
    pub encoding: &'static str,
}

impl Decoded {
    /// Whether the bytes were not plain UTF-8 (worth a notice).
    pub fn was_converted(&self) -> bool {
        self.encoding != "UTF-8"
    }
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes look like a binary file (NUL bytes, control characters).
    #[error("binary file (not text)")]
    Binary,
    /// Neither UTF-8, UTF-16 with BOM nor EUC-KR/CP949.
    #[error("not valid UTF-8, UTF-16 or EUC-KR/CP949 text")]
    Undecodable,
}

/// Decodes a whole file's bytes.
///
/// The rules are listed in the [module documentation](self). Bytes that
/// decode as CP949 are still refused as [`DecodeError::Undecodable`] when
/// the result is implausible as Korean (mostly Hanja, or Hangul syllables
/// drawn evenly from the whole repertoire rather than the few hundred that
/// make up most Korean prose): such bytes were written in another encoding,
/// and decoding them would give mojibake.
///
/// ```
/// use kosearch::corpus::encoding::{decode, DecodeError};
///
/// let utf8 = decode("세종시".as_bytes()).unwrap();
/// assert_eq!((utf8.text.as_str(), utf8.encoding), ("세종시", "UTF-8"));
///
/// // 세종시 in EUC-KR.
/// let legacy = decode(&[0xBC, 0xBC, 0xC1, 0xBE, 0xBD, 0xC3]).unwrap();
/// assert_eq!((legacy.text.as_str(), legacy.encoding), ("세종시", "EUC-KR"));
/// assert!(legacy.was_converted());
///
/// assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        check_binary_bytes(rest)?;
        let text = std::str::from_utf8(rest).map_err(|_| DecodeError::Undecodable)?;
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8 with BOM",
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(UTF_16LE, rest, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(UTF_16BE, rest, "UTF-16BE");
    }
    check_binary_bytes(bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    let text = EUC_KR
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable)?;
    if !plausible_korean(&text) {
        return Err(DecodeError::Undecodable);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: "EUC-KR",
    })
}

/// Decodes UTF-16 (the byte-order mark already removed), refusing malformed
/// input (an odd length, an unpaired surrogate) and binary content.
fn decode_utf16(
    encoding: &'static Encoding,
    bytes: &[u8],
    name: &'static str,
) -> Result<Decoded, DecodeError> {
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable)?;
    let sample = text.chars().take(SNIFF_LEN / 2).map(u32::from);
    if looks_binary(sample) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: name,
    })
}

/// The binary test on the first [`SNIFF_LEN`] bytes of a file in a byte
/// encoding (UTF-8 or EUC-KR, where a byte below 0x20 is always a C0 control
/// character).
fn check_binary_bytes(bytes: &[u8]) -> Result<(), DecodeError> {
    let sample = bytes.iter().take(SNIFF_LEN).map(|&b| u32::from(b));
    if looks_binary(sample) {
        Err(DecodeError::Binary)
    } else {
        Ok(())
    }
}

/// Whether a sample of code units (bytes or characters) looks binary: it has
/// a NUL, or more than a tenth of it is C0 control characters (and DEL)
/// other than the whitespace controls text files use.
fn looks_binary(sample: impl Iterator<Item = u32>) -> bool {
    let (mut total, mut controls) = (0usize, 0usize);
    for unit in sample {
        total += 1;
        match unit {
            0 => return true,
            0x09 | 0x0A | 0x0C | 0x0D => {}
            0x01..=0x1F | 0x7F => controls += 1,
            _ => {}
        }
    }
    controls * 10 > total
}

/// The Hangul syllables that, together, make up more than half of the
/// syllables of ordinary Korean prose, in code point order (for a binary
/// search).
const FREQUENT_SYLLABLES: [char; 161] = [
    '가', '간', '같', '개', '거', '것', '게', '겠', '결', '경', '계', '고', '공', '과', '관', '교',
    '구', '국', '군', '권', '그', '금', '기', '김', '까', '나', '날', '내', '년', '높', '는', '니',
    '다', '단', '당', '대', '더', '던', '데', '도', '동', '되', '된', '드', '득', '들', '때', '또',
    '라', '람', '려', '로', '르', '를', '리', '마', '만', '말', '면', '명', '모', '무', '문', '물',
    '미', '민', '및', '박', '받', '발', '방', '법', '보', '본', '부', '분', '비', '사', '산', '상',
    '생', '서', '선', '성', '세', '소', '수', '습', '시', '식', '신', '실', '심', '아', '안', '알',
    '약', '어', '업', '었', '에', '여', '연', '영', '오', '와', '요', '용', '우', '운', '원', '월',
    '위', '유', '으', '은', '을', '의', '이', '인', '일', '입', '있', '자', '작', '장', '재', '저',
    '적', '전', '점', '정', '제', '조', '주', '중', '지', '직', '진', '체', '최', '추', '치', '터',
    '통', '표', '하', '학', '한', '할', '함', '합', '해', '했', '행', '현', '협', '화', '회', '후',
    '히',
];

/// Whether text decoded from CP949 reads as Korean, rather than as text in
/// another multi-byte encoding misread as CP949.
///
/// A misread gives a soup of Hanja and of Hangul syllables drawn evenly from
/// the whole repertoire, where Korean prose is mostly Hangul and mostly a
/// few hundred syllables. The text is implausible when Hanja outnumber
/// Hangul syllables by more than 16, or when fewer than a quarter of at
/// least 24 Hangul syllables are among [`FREQUENT_SYLLABLES`]; short texts
/// get the benefit of the doubt.
fn plausible_korean(text: &str) -> bool {
    let (mut hangul, mut frequent, mut hanja) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            c if is_hangul_syllable(c) => {
                hangul += 1;
                if is_frequent_syllable(c) {
                    frequent += 1;
                }
            }
            c if is_hanja(c) => hanja += 1,
            _ => {}
        }
    }
    let mostly_hanja = hanja > hangul + 16;
    let syllable_soup = hangul >= 24 && frequent * 4 < hangul;
    !(mostly_hanja || syllable_soup)
}

fn is_frequent_syllable(c: char) -> bool {
    FREQUENT_SYLLABLES.binary_search(&c).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euc_kr(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = EUC_KR.encode(text);
        assert!(!unmappable, "{text} is not in CP949");
        bytes.into_owned()
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    const SAMPLE: &str =
        "세종시-서울시, 상호 교류 강화 업무협약 체결\n\n최민호 세종특별자치시장은 \
                          오세훈 서울특별시장과 10일 협약을 체결했다.\r\n";

    #[test]
    fn empty_input_is_empty_utf8_text() {
        let decoded = decode(b"").unwrap();
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(!decoded.was_converted());
    }

    #[test]
    fn plain_utf8() {
        let decoded = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(!decoded.was_converted());
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "UTF-8 with BOM");
        assert!(decoded.was_converted());
        assert_eq!(decode(b"\xEF\xBB\xBF").unwrap().text, "");
    }

    #[test]
    fn utf8_bom_with_invalid_utf8_is_refused() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(&euc_kr(SAMPLE));
        assert_eq!(decode(&bytes), Err(DecodeError::Undecodable));
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        for (little_endian, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            let decoded = decode(&utf16(SAMPLE, little_endian)).unwrap();
            assert_eq!(decoded.text, SAMPLE);
            assert_eq!(decoded.encoding, name);
            assert!(decoded.was_converted());
        }
        assert_eq!(decode(b"\xFF\xFE").unwrap().text, "");
    }

    #[test]
    fn malformed_utf16_is_refused() {
        // Odd length.
        let mut odd = utf16("세종", true);
        odd.push(0x41);
        assert_eq!(decode(&odd), Err(DecodeError::Undecodable));
        // An unpaired high surrogate.
        let mut unpaired = vec![0xFF, 0xFE];
        unpaired.extend_from_slice(&0xD800u16.to_le_bytes());
        unpaired.extend_from_slice(&u16::from(b'a').to_le_bytes());
        assert_eq!(decode(&unpaired), Err(DecodeError::Undecodable));
    }

    #[test]
    fn utf16_of_binary_content_is_binary() {
        assert_eq!(decode(&utf16("ab\0cd", true)), Err(DecodeError::Binary));
        assert_eq!(
            decode(&utf16("\u{1}\u{2}\u{3}abc", false)),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn euc_kr_and_cp949_extension() {
        let decoded = decode(&euc_kr(SAMPLE)).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "EUC-KR");
        assert!(decoded.was_converted());
        // 똠 and 햏 are outside KS X 1001: CP949 has them, EUC-KR proper not.
        let text = "똠방각하와 햏자는 세종시 주민이다.";
        assert_eq!(decode(&euc_kr(text)).unwrap().text, text);
    }

    #[test]
    fn euc_kr_with_some_hanja_is_korean() {
        let text = "中 정부는 美 관세 정책에 대응해 韓中 협력을 강화하기로 했다.";
        assert_eq!(decode(&euc_kr(text)).unwrap().text, text);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"PK\x03\x04\0\0\0"), Err(DecodeError::Binary));
        assert_eq!(decode(b"\0"), Err(DecodeError::Binary));
        let mut late = SAMPLE.as_bytes().to_vec();
        late.push(0);
        assert_eq!(decode(&late), Err(DecodeError::Binary));
    }

    #[test]
    fn nul_after_the_sniffed_prefix_is_not_looked_at() {
        let mut bytes = vec![b'a'; SNIFF_LEN];
        bytes.push(0);
        // Past the sample the NUL is ordinary (valid UTF-8) text.
        assert_eq!(decode(&bytes).unwrap().text.len(), SNIFF_LEN + 1);
    }

    #[test]
    fn many_control_characters_mean_binary() {
        let bytes: Vec<u8> = (0..400u32)
            .map(|i| if i % 5 == 0 { 0x01 } else { b'x' })
            .collect();
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
        assert_eq!(decode(b"\x1b\x02\x03"), Err(DecodeError::Binary));
    }

    #[test]
    fn whitespace_controls_and_a_few_others_are_text() {
        let text = "제목\tA\x0c\r\n본문 \x1b[1m강조\x1b[0m 문장이 이어진다. 충분히 긴 본문.\n";
        assert_eq!(decode(text.as_bytes()).unwrap().text, text);
    }

    #[test]
    fn bytes_in_no_supported_encoding_are_undecodable() {
        // 0x80 and 0xFF never start a CP949 character.
        assert_eq!(decode(b"abc\x80def"), Err(DecodeError::Undecodable));
        assert_eq!(decode(b"\xFF\xFFabc"), Err(DecodeError::Undecodable));
        // A lone lead byte at the end.
        assert_eq!(decode(b"abc\xB0"), Err(DecodeError::Undecodable));
        // Truncated UTF-8 Hangul is not CP949 either.
        let utf8 = "세종시".as_bytes();
        assert_eq!(
            decode(&utf8[..utf8.len() - 1]),
            Err(DecodeError::Undecodable)
        );
    }

    #[test]
    fn chinese_gbk_read_as_cp949_is_refused() {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(
            "中华人民共和国国务院总理今天在北京会见了来访的外国代表团成员。\
             中国经济在过去一年中保持稳定增长，政府将继续推进改革开放。",
        );
        assert!(!unmappable);
        assert!(EUC_KR
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some());
        assert_eq!(decode(&bytes), Err(DecodeError::Undecodable));
    }

    #[test]
    fn japanese_shift_jis_is_refused() {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS
            .encode("日本政府は今日、東京で新しい経済対策を発表しました。これは重要な政策です。");
        assert!(!unmappable);
        assert_eq!(decode(&bytes), Err(DecodeError::Undecodable));
    }
}
