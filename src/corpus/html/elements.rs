//! What an element is by its tag, class, id or role: the container of
//! the article text, the subtitle, a page header, or noise (navigation,
//! sharing buttons, ads, related articles, comments) left out of the body.

use scraper::ElementRef;

/// Whether `element` holds the article text by a name news sites use.
pub(super) fn is_body_container(element: ElementRef) -> bool {
    const IDS: &[&str] = &[
        "articlebody",
        "article-view-content-div",
        "articebody",
        "dic_area",
        "newsct_article",
        "article_body",
        "articlebodycontents",
        "articletxt",
    ];
    const CLASSES: &[&str] = &[
        "article_body",
        "article-body",
        "articlebody",
        "article_txt",
        "news_body",
        "story-news",
    ];
    let value = element.value();
    value
        .attr("itemprop")
        .is_some_and(|prop| prop.trim().eq_ignore_ascii_case("articlebody"))
        || value.id().is_some_and(|id| {
            IDS.iter()
                .any(|known| id.trim().eq_ignore_ascii_case(known))
        })
        || value.classes().any(|class| {
            CLASSES
                .iter()
                .any(|known| class.eq_ignore_ascii_case(known))
        })
}

/// Whether `element`'s class or id says it holds a subtitle.
pub(super) fn is_subtitle(element: ElementRef) -> bool {
    let value = element.value();
    value.id().into_iter().chain(value.classes()).any(|name| {
        let name: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        name.contains("subtit") || name.contains("subhead")
    })
}

/// Elements never part of the article text.
const NOISE_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "header", "footer", "form",
    "button", "input", "select", "textarea", "label", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "map", "dialog", "menu", "head",
];

/// ARIA roles of page furniture.
const NOISE_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "contentinfo",
    "banner",
    "search",
    "menu",
    "dialog",
];

/// Words in a class or id that mark page furniture.
const NOISE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "btn",
    "button",
    "cmt",
    "comment",
    "comments",
    "footer",
    "gnb",
    "header",
    "keyword",
    "keywords",
    "lnb",
    "login",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "popular",
    "promotion",
    "rank",
    "ranking",
    "recommend",
    "recommended",
    "related",
    "relation",
    "replies",
    "reply",
    "share",
    "sharing",
    "sidebar",
    "sns",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "tag",
    "tags",
    "toolbar",
    "util",
    "utility",
];

/// Whether `element` is left out of the text: by its name, role or hidden
/// state always, by its class and id words when `by_class`. The page's
/// structural elements (`html`, `body`, `main`, `article`) and article
/// containers ([`is_body_container`]) never are.
pub(super) fn is_noise(element: ElementRef, by_class: bool) -> bool {
    let value = element.value();
    let name = value.name();
    if matches!(name, "html" | "body" | "main" | "article") || is_body_container(element) {
        return false;
    }
    if NOISE_ELEMENTS.contains(&name) {
        return true;
    }
    let hidden_style = value.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    });
    if value.attr("hidden").is_some()
        || value
            .attr("aria-hidden")
            .is_some_and(|hidden| hidden.trim().eq_ignore_ascii_case("true"))
        || value.attr("role").is_some_and(|role| {
            NOISE_ROLES
                .iter()
                .any(|noise| role.trim().eq_ignore_ascii_case(noise))
        })
        || hidden_style
    {
        return true;
    }
    by_class
        && value
            .id()
            .into_iter()
            .chain(value.classes())
            .any(|name| words(name).any(|word| NOISE_WORDS.contains(&word.as_str())))
}

/// Whether an ancestor of `element` is noise (by class too), headers apart:
/// an article's header holds its subtitle.
pub(super) fn within_noise(element: ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .filter(|ancestor| !is_header(*ancestor))
        .any(|ancestor| is_noise(ancestor, true))
}

/// Whether `element` is a `<header>` or its class or id says header.
fn is_header(element: ElementRef) -> bool {
    let value = element.value();
    value.name() == "header"
        || value
            .id()
            .into_iter()
            .chain(value.classes())
            .any(|name| words(name).any(|word| word == "header"))
}

/// The lower-case words of a class or id: split at non-alphanumerics and at
/// lower-to-upper case changes (`relatedNews` → related, news).
pub(super) fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_alphanumeric()).flat_map(|part| {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut previous_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && previous_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            word.extend(c.to_lowercase());
        }
        words.push(word);
        words.into_iter().filter(|word| !word.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words() {
        let split: Vec<String> = words("relatedNews article_share-box2").collect();
        assert_eq!(split, ["related", "news", "article", "share", "box2"]);
    }
}
