//! Cutting a sentence longer than a passage may be: around its best cluster
//! of occurrences, the cuts moved to whitespace nearby.

use super::score::Tally;
use super::vocabulary::Hit;

/// Whitespace is looked for this many characters from a cut.
const SNAP_CHARS: usize = 16;

/// The byte range of the best-scoring run of `hits` (sorted by start) that
/// spans at most `max_chars` characters of `text`; `None` without hits.
/// Proximity is not considered here.
pub(super) fn best_cluster(
    text: &str,
    hits: &[Hit],
    max_chars: usize,
    tally: &mut Tally<'_>,
) -> Option<(usize, usize)> {
    // Character offsets of the hits, in one pass over the text.
    let mut starts = Vec::with_capacity(hits.len());
    let mut ends = Vec::with_capacity(hits.len());
    let (mut byte, mut chars) = (0, 0);
    for hit in hits {
        chars += text[byte..hit.start].chars().count();
        byte = hit.start;
        starts.push(chars);
        ends.push(chars + text[hit.start..hit.end].chars().count());
    }
    tally.clear();
    let mut best: Option<(f32, usize, usize)> = None;
    let mut next = 0;
    for first in 0..hits.len() {
        next = next.max(first);
        while next < hits.len() && ends[next].saturating_sub(starts[first]) <= max_chars {
            tally.add(hits[next].term);
            next += 1;
        }
        // A hit too long to fit on its own still makes a cluster.
        let (score, last) = if next > first {
            (tally.total, next - 1)
        } else {
            (tally.weights[hits[first].term], first)
        };
        if best.is_none_or(|(best_score, _, _)| score > best_score) {
            best = Some((score, first, last));
        }
        if next > first {
            tally.remove(hits[first].term);
        }
    }
    let (_, first, last) = best?;
    let end = hits[first..=last].iter().map(|hit| hit.end).max()?;
    Some((hits[first].start, end))
}

/// Cuts `text`, longer than `max_chars` characters, to a range of at most
/// `max_chars` characters around the byte range `focus`: a third of the room
/// left before it, the rest after, cuts moved to whitespace nearby, ends
/// trimmed.
pub(super) fn cut_around(text: &str, focus: (usize, usize), max_chars: usize) -> (usize, usize) {
    let focus_start = text[..focus.0].chars().count();
    let focus_chars = text[focus.0..focus.1].chars().count();
    let total = focus_start + text[focus.0..].chars().count();
    let (start, end) = if focus_chars >= max_chars {
        (focus_start, focus_start + max_chars)
    } else {
        let lead = ((max_chars - focus_chars) / 3).min(focus_start);
        let end = (focus_start - lead + max_chars).min(total);
        (end.saturating_sub(max_chars), end)
    };
    let mut start = byte_offset(text, start);
    let mut end = byte_offset(text, end);
    if start > 0 && !text[..start].ends_with(char::is_whitespace) {
        // The first whitespace after the cut, not past the focus.
        let limit = focus.0.clamp(start, end);
        if let Some((at, space)) = text[start..limit]
            .char_indices()
            .take(SNAP_CHARS)
            .find(|(_, c)| c.is_whitespace())
        {
            start += at + space.len_utf8();
        }
    }
    if end < text.len() && !text[end..].starts_with(char::is_whitespace) {
        // The last whitespace before the cut, not before the focus ends.
        let floor = focus.1.clamp(start, end);
        if let Some((at, _)) = text[floor..end]
            .char_indices()
            .rev()
            .take(SNAP_CHARS)
            .find(|(_, c)| c.is_whitespace())
        {
            end = floor + at;
        }
    }
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return (start, end);
    }
    let start = start + (piece.len() - piece.trim_start().len());
    (start, start + trimmed.len())
}

/// The byte offset of character `index` of `text` (its length past the
/// end).
fn byte_offset(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_a_long_sentence() {
        let text = "가나다 ".repeat(100) + "협약 " + &"라마바 ".repeat(100);
        let text = text.trim_end();
        let focus = text.find("협약").unwrap();
        let (start, end) = cut_around(text, (focus, focus + "협약".len()), 40);
        let piece = &text[start..end];
        assert!(piece.chars().count() <= 40, "{piece}");
        assert!(piece.contains("협약"), "{piece}");
        assert!(
            piece.starts_with("가나다") && piece.ends_with("라마바"),
            "{piece}"
        );
        // No hits: the start of the sentence.
        let (start, end) = cut_around(text, (0, 0), 10);
        assert_eq!(&text[start..end], "가나다 가나다");
        // No whitespace at all: a cut at a character boundary.
        let (start, end) = cut_around(&"가".repeat(50), (30, 33), 7);
        assert_eq!((start, end), (24, 45));
    }
}
