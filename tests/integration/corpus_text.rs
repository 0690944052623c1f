//! Plain-text articles end to end: bytes → [`encoding::decode`] →
//! [`text::parse`], on the reference article (`corpus/`), its copies in
//! other encodings, and small fixtures of the other layouts Korean news
//! sites produce (`tests/fixtures/text/`).

use encoding_rs::EUC_KR;
use kosearch::corpus::encoding::{self, DecodeError};
use kosearch::corpus::text;
use kosearch::Article;
use proptest::prelude::*;

use crate::util::{self, kst};

const REFERENCE_TITLE: &str = "[세종24시] 세종시-서울시, 상호 교류 강화 업무협약 체결";
const RELATED_HEADLINES: [&str; 2] = [
    "최민호 세종시장, 고향사랑기부 인증 챌린지 참여",
    "세종시-국가인권위원회, 대전·세종·충북·충남 4개 시도 인권 행정 네트워크 회의 개최",
];
const CAPTION: &str = "기념사진을 촬영하고 있다. ⓒ세종시 제공";

/// The reference article's bytes.
fn reference_bytes() -> Vec<u8> {
    util::reference_text().into_bytes()
}

/// A file of `tests/fixtures/text/`.
fn fixture(name: &str) -> Vec<u8> {
    let path = util::fixture("text").join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Decodes and parses, as the corpus reader does.
fn read(bytes: &[u8]) -> (Article, &'static str) {
    let decoded = encoding::decode(bytes).expect("decodable");
    (text::parse(&decoded.text), decoded.encoding)
}

fn paragraphs(article: &Article) -> Vec<&str> {
    article.body.split("\n\n").collect()
}

/// What every parse result looks like, whatever the input.
fn assert_well_formed(article: &Article) {
    assert!(article.id.is_empty());
    assert!(!article.title.contains('\n'), "{:?}", article.title);
    assert_eq!(article.title, article.title.trim());
    assert_eq!(article.body, article.body.trim());
    assert!(!article.body.contains("\n\n\n"), "{:?}", article.body);
    for paragraph in paragraphs(article) {
        for line in paragraph.lines() {
            assert_eq!(line, line.trim(), "untrimmed line in {:?}", article.body);
            assert!(!line.is_empty() || article.body.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------
// The reference article.

#[test]
fn reference_article_metadata() {
    let (article, encoding) = read(&reference_bytes());
    assert_eq!(encoding, "UTF-8");
    assert_eq!(article.title, REFERENCE_TITLE);
    assert_eq!(article.subtitle, None);
    assert_eq!(article.reporters, ["이상욱"]);
    assert_eq!(article.email.as_deref(), Some("sisa410@sisajournal.com"));
    assert_eq!(article.published_at, Some(kst("2023-04-10 17:02:00")));
    assert_eq!(
        article.published_at.map(|at| at.offset().local_minus_utc()),
        Some(9 * 3600)
    );
    assert_eq!(article.updated_at, None);
    assert_eq!(article.source, None);
    assert_well_formed(&article);
}

#[test]
fn reference_article_body_and_sections() {
    let (article, _) = read(&reference_bytes());
    let paragraphs = paragraphs(&article);
    assert!(
        paragraphs[0].starts_with("최민호 세종특별자치시장은 오세훈"),
        "{}",
        paragraphs[0]
    );
    assert!(paragraphs
        .last()
        .unwrap()
        .ends_with("노력하겠다”고 말했다."));

    // Two ◇ sub-headings, each a paragraph of its own: three sections.
    let headings: Vec<&str> = paragraphs
        .iter()
        .copied()
        .filter(|p| p.starts_with('◇'))
        .collect();
    assert_eq!(
        headings,
        RELATED_HEADLINES.map(|headline| format!("◇ {headline}"))
    );
    let sections: Vec<&str> = article.body.split("\n\n◇ ").collect();
    assert_eq!(sections.len(), 3);
    assert!(sections.iter().all(|section| section.contains("했다.")));

    // The photo caption, printed twice in a row, is kept once.
    assert_eq!(article.body.matches(CAPTION).count(), 1);
    assert_eq!(paragraphs.len(), 17);
}

#[test]
fn reference_article_body_has_no_page_furniture() {
    let (article, _) = read(&reference_bytes());
    for furniture in [
        "이 기사를 공유합니다",
        "관련기사",
        "댓글쓰기",
        "펼치기",
        "승인 2023",
        "충청본부 기자",
        "sisa410",
        "•",
        "\u{a0}",
        REFERENCE_TITLE,
    ] {
        assert!(
            !article.body.contains(furniture),
            "{furniture:?} is in the body"
        );
    }
    // The related headlines reappear only as the ◇ sub-headings.
    for headline in RELATED_HEADLINES {
        assert!(!article.body.starts_with(headline));
        assert_eq!(article.body.matches(headline).count(), 1, "{headline}");
        assert!(article.body.contains(&format!("◇ {headline}")));
    }
}

// ---------------------------------------------------------------------------
// Encodings of the reference article.

fn utf16_with_bom(text: &str, little_endian: bool) -> Vec<u8> {
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

/// `text` in EUC-KR (CP949), as a Korean site would have written it: with
/// the characters CP949 lacks replaced by their usual stand-ins (a no-break
/// space by a space, `©` by `ⓒ`, the bullet `•` by `·`). Returns the text
/// encoded too.
fn to_euc_kr(utf8: &str) -> (String, Vec<u8>) {
    let legacy_text = utf8
        .replace('\u{a0}', " ")
        .replace('©', "ⓒ")
        .replace('•', "·");
    let (bytes, _, unmappable) = EUC_KR.encode(&legacy_text);
    assert!(!unmappable, "not in CP949: {legacy_text}");
    assert!(std::str::from_utf8(&bytes).is_err());
    let bytes = bytes.into_owned();
    (legacy_text, bytes)
}

#[test]
fn reference_article_in_euc_kr() {
    let utf8 = String::from_utf8(reference_bytes()).unwrap();
    let (legacy_text, bytes) = to_euc_kr(&utf8);

    let decoded = encoding::decode(&bytes).unwrap();
    assert_eq!(decoded.encoding, "EUC-KR");
    assert!(decoded.was_converted());
    assert_eq!(decoded.text, legacy_text);
    // No-break spaces and bullets are trimmed anyway: the article is the same.
    assert_eq!(text::parse(&decoded.text), text::parse(&utf8));
}

#[test]
fn reference_article_in_utf16_and_utf8_with_bom() {
    let utf8 = String::from_utf8(reference_bytes()).unwrap();
    let expected = text::parse(&utf8);

    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(utf8.as_bytes());
    let le = utf16_with_bom(&utf8, true);
    let be = utf16_with_bom(&utf8, false);

    for (bytes, name) in [
        (with_bom, "UTF-8 with BOM"),
        (le, "UTF-16LE"),
        (be, "UTF-16BE"),
    ] {
        let (article, encoding) = read(&bytes);
        assert_eq!(encoding, name);
        assert_eq!(article, expected, "{name}");
    }
}

#[test]
fn reference_article_with_windows_line_endings() {
    let utf8 = String::from_utf8(reference_bytes()).unwrap();
    let crlf = utf8.replace('\n', "\r\n");
    assert_eq!(text::parse(&crlf), text::parse(&utf8));
}

// ---------------------------------------------------------------------------
// Other layouts.

#[test]
fn agency_dateline_and_naver_timestamps() {
    let (article, _) = read(&fixture("newsis_dateline.txt"));
    assert_eq!(
        article.title,
        "세종시, 국회 세종의사당 국제 설계공모 착수…2031년 준공 목표"
    );
    assert_eq!(article.published_at, Some(kst("2023-04-10 17:02:00")));
    assert_eq!(article.updated_at, Some(kst("2023-04-11 09:00:00")));
    assert_eq!(article.reporters, ["홍길동"]);
    assert_eq!(article.source.as_deref(), Some("뉴시스"));
    assert_eq!(article.email.as_deref(), Some("hong@newsis.com"));
    assert!(article
        .body
        .starts_with("세종시는 국회 세종의사당 건립을 위한"));
    assert!(article
        .body
        .contains("\n\n◆ 2031년 준공 목표…상임위 12개 이전\n\n"));
    assert!(article.body.ends_with("적극 협력하겠다\"고 말했다."));
    for furniture in [
        "뉴시스",
        "홍길동",
        "newsis.com",
        "▶",
        "저작권자",
        "무단전재",
    ] {
        assert!(!article.body.contains(furniture), "{furniture:?}");
    }
    assert_well_formed(&article);
}

#[test]
fn yonhap_dateline_with_two_reporters() {
    let (article, _) = read(&fixture("yonhap_dateline.txt"));
    assert_eq!(
        article.title,
        "한은, 기준금리 연 3.50%로 동결…\"물가 둔화 흐름 확인\""
    );
    assert_eq!(article.published_at, Some(kst("2023-04-11 10:32:00")));
    assert_eq!(article.reporters, ["김철수", "박영희"]);
    assert_eq!(article.source.as_deref(), Some("연합뉴스"));
    assert_eq!(article.email.as_deref(), Some("kcs@yna.co.kr"));
    assert!(article.body.starts_with("한국은행 금융통화위원회가 11일"));
    assert!(article.body.ends_with("유지할 것\"이라고 설명했다."));
    assert_eq!(paragraphs(&article).len(), 3);
    assert_well_formed(&article);
}

#[test]
fn byline_and_email_after_the_body() {
    let (article, _) = read(&fixture("trailing_byline.txt"));
    assert_eq!(article.title, "대전 유성구, 유성온천 문화축제 15일 개막");
    assert_eq!(article.published_at, Some(kst("2023-04-10 17:02:00")));
    assert_eq!(article.updated_at, Some(kst("2023-04-11 09:00:00")));
    assert_eq!(article.reporters, ["홍길동"]);
    assert_eq!(article.email.as_deref(), Some("hong@example.com"));
    assert_eq!(article.source.as_deref(), Some("대전일보"));
    assert!(article.body.ends_with("만전을 기하겠다\"고 말했다."));
    assert!(!article.body.contains("기자"));
    assert_eq!(paragraphs(&article).len(), 3);
    assert_well_formed(&article);
}

#[test]
fn slash_byline_after_the_last_sentence() {
    let (article, _) = read(&fixture("slash_byline.txt"));
    assert_eq!(article.published_at, Some(kst("2023-04-10 17:02:33")));
    assert_eq!(article.reporters, ["김철수"]);
    assert_eq!(article.email, None);
    assert!(article.body.ends_with("이어질 것으로 보인다\"고 말했다."));
    assert!(!article.body.contains('/'));
    assert_well_formed(&article);
}

#[test]
fn share_box_related_list_and_footer() {
    let (article, _) = read(&fixture("share_box.txt"));
    assert_eq!(
        article.title,
        "경기도, 2030년까지 반도체 전문인력 1만명 양성"
    );
    assert_eq!(article.reporters, ["박영희"]);
    assert_eq!(article.email.as_deref(), Some("park@kyeonggi.example.kr"));
    assert_eq!(article.published_at, Some(kst("2023-04-12 09:30:00")));
    assert_eq!(article.source.as_deref(), Some("경기일보"));
    assert_eq!(
        paragraphs(&article),
        [
            "경기도가 2030년까지 반도체 분야 전문인력 1만 명을 양성하는 계획을 12일 발표했다.",
            "도는 도내 대학과 특성화고, 반도체 기업이 참여하는 산학협력 과정을 신설하고 현장 실습비를 지원할 계획이다.",
            "■ 기업 맞춤형 교육과정 운영",
            "교육과정은 설계와 공정, 장비 유지보수 등 기업 수요에 맞춰 구성된다. 수료생에게는 협약 기업 채용 때 가점이 주어진다.",
        ]
    );
}

#[test]
fn text_without_header() {
    let (article, _) = read(&fixture("no_header.txt"));
    assert_eq!(article.title, "봄철 미세먼지 대응 요령");
    assert!(article.reporters.is_empty());
    assert_eq!(article.published_at, None);
    assert_eq!(paragraphs(&article).len(), 2);
    assert!(article
        .body
        .starts_with("미세먼지 농도가 '나쁨' 이상인 날에는"));
    assert_well_formed(&article);
}

#[test]
fn fixtures_decode_the_same_in_euc_kr() {
    for name in [
        "newsis_dateline.txt",
        "yonhap_dateline.txt",
        "trailing_byline.txt",
        "slash_byline.txt",
        "share_box.txt",
        "no_header.txt",
    ] {
        let (legacy_text, bytes) = to_euc_kr(std::str::from_utf8(&fixture(name)).unwrap());
        let (article, encoding) = read(&bytes);
        assert_eq!(encoding, "EUC-KR", "{name}");
        assert_eq!(article, text::parse(&legacy_text), "{name}");
    }
}

#[test]
fn timestamp_variants() {
    for (line, published, updated) in [
        ("입력 2023-04-10 17:02", "2023-04-10 17:02:00", None),
        (
            "입력 2023.04.10 17:02 수정 2023.04.11 09:00",
            "2023-04-10 17:02:00",
            Some("2023-04-11 09:00:00"),
        ),
        (
            "기사입력 2023.04.10. 오후 5:02",
            "2023-04-10 17:02:00",
            None,
        ),
        (
            "기사입력 2023.04.10. 오전 12:15",
            "2023-04-10 00:15:00",
            None,
        ),
        ("입력 2023.04.10 17:02:33", "2023-04-10 17:02:33", None),
        ("  • 승인 2023.04.10 17:02", "2023-04-10 17:02:00", None),
        (
            "등록일 : 2023년 04월 10일 17시 02분",
            "2023-04-10 17:02:00",
            None,
        ),
        (
            "홍길동 기자 | 입력 2023.04.10(월) 17:02 | 최종수정 2023.04.10(월) 18:30",
            "2023-04-10 17:02:00",
            Some("2023-04-10 18:30:00"),
        ),
    ] {
        let article = text::parse(&format!("제목\n{line}\n\n본문 첫 문장이다.\n"));
        assert_eq!(article.published_at, Some(kst(published)), "{line}");
        assert_eq!(article.updated_at, updated.map(kst), "{line}");
        assert_eq!(article.body, "본문 첫 문장이다.", "{line}");
    }
}

// ---------------------------------------------------------------------------
// Bytes that are not text.

#[test]
fn binary_bytes_are_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    assert_eq!(encoding::decode(png), Err(DecodeError::Binary));
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
    assert_eq!(encoding::decode(elf), Err(DecodeError::Binary));
    // Control characters without a NUL.
    let controls: Vec<u8> = (0..4096u32).map(|i| (i % 31 + 1) as u8).collect();
    assert_eq!(encoding::decode(&controls), Err(DecodeError::Binary));
}

#[test]
fn bytes_in_no_supported_encoding_are_undecodable() {
    // Deterministic noise without control characters: neither UTF-8 nor
    // CP949 (0x80 and 0xFF never start a CP949 character).
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            0x20 + (state % 0xE0) as u8
        })
        .collect();
    assert_eq!(encoding::decode(&noise), Err(DecodeError::Undecodable));

    // ISO-8859-1 text is not CP949 either.
    let latin1 = b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve r\xe9sum\xe9.";
    assert_eq!(encoding::decode(latin1), Err(DecodeError::Undecodable));

    // The reference article in UTF-8 with one byte cut from a character.
    let mut broken = reference_bytes();
    broken.remove(1);
    assert_eq!(encoding::decode(&broken), Err(DecodeError::Undecodable));
}

// ---------------------------------------------------------------------------
// Robustness.

#[test]
fn degenerate_texts() {
    for input in [
        "",
        " ",
        "\n",
        "\u{a0}\n\u{3000}",
        "•",
        "  •  ",
        "◇",
        "[",
        "(서울=",
        "@",
        "기자 =",
    ] {
        let article = text::parse(input);
        assert_eq!(article.title, input.trim(), "{input:?}");
        assert_eq!(article.body, "", "{input:?}");
        assert_well_formed(&article);
    }
}

#[test]
fn one_megabyte_single_line() {
    let line = "가나다라마바사. ".repeat((1 << 20) / 23);
    assert!(line.len() > 1_000_000);
    let started = std::time::Instant::now();
    let article = text::parse(&line);
    // Too long for a headline: it is the body, and the title is cut from
    // it as JSON Lines cuts a missing title (issue 20).
    assert_eq!(article.body, line.trim());
    assert!(
        article.title.ends_with('…')
            && article.title.chars().count() <= kosearch::corpus::DERIVED_TITLE_MAX_CHARS + 1,
        "{}",
        article.title
    );
    assert!(line.starts_with(article.title.trim_end_matches('…')));
    let body = text::parse(&format!("제목\n{line}\n"));
    assert_eq!(body.body, line.trim());
    let brackets = text::parse(&format!("제목\n{}", "[(=@/ 기자 ".repeat(100_000)));
    assert_well_formed(&brackets);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

/// Pieces of news text, to make inputs that reach the parser's rules.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "  • ",
    "홍길동",
    " 기자",
    "기자 ",
    "특파원",
    "[서울=뉴시스]",
    "(서울=연합뉴스)",
    "[이데일리 ",
    " = ",
    "/",
    "hong@example.com",
    "@",
    "입력 ",
    "수정",
    "2023.04.10 ",
    "2023-04-10T",
    "오후 5:02",
    "17:02:33",
    "+09:00",
    "년 4월",
    "◇ ",
    "▶ ",
    "관련기사",
    "이 기사를 공유합니다",
    "저작권자 © 시사저널 무단전재",
    "ⓒ세종시 제공",
    "본문이다.",
    "“말했다”",
    "(끝)",
    "\u{a0}",
    "\r",
];

/// Strings made of [`FRAGMENTS`] and arbitrary text.
fn news_fragments() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_never_panics_on_any_string(input in any::<String>()) {
        assert_well_formed(&text::parse(&input));
    }

    #[test]
    fn parse_never_panics_on_news_like_text(input in news_fragments()) {
        assert_well_formed(&text::parse(&input));
    }

    #[test]
    fn decode_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(decoded) = encoding::decode(&bytes) {
            // UTF-8 is taken as it is, never repaired.
            match decoded.encoding {
                "UTF-8" => prop_assert_eq!(decoded.text.as_bytes(), &bytes[..]),
                "UTF-8 with BOM" => prop_assert_eq!(decoded.text.as_bytes(), &bytes[3..]),
                _ => {}
            }
            assert_well_formed(&text::parse(&decoded.text));
        }
    }

    #[test]
    fn decode_round_trips_text(input in "[\\PC\t\n]{0,200}") {
        let decoded = encoding::decode(input.as_bytes()).unwrap();
        prop_assert_eq!(decoded.text, input);
        prop_assert_eq!(decoded.encoding, "UTF-8");
    }
}
