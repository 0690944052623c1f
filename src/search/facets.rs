//! Facet counts over all the documents a query matches.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, TimeZone};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::document::KST;
use crate::{Error, Result};

/// What to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// Documents per section.
    Section,
    /// Documents per source.
    Source,
    /// Documents per reporter.
    Reporter,
    /// Documents per month of publication (`YYYY-MM`, Korea Standard Time).
    Date,
}

impl Facet {
    /// The facet's name in queries and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Section => "section",
            Facet::Source => "source",
            Facet::Reporter => "reporter",
            Facet::Date => "date",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Facet::Section => "section",
            Facet::Source => "source",
            Facet::Reporter => "reporter",
            Facet::Date => "published_at",
        }
    }
}

impl std::str::FromStr for Facet {
    type Err = Error;

    fn from_str(name: &str) -> Result<Facet> {
        match name.trim().to_ascii_lowercase().as_str() {
            "section" => Ok(Facet::Section),
            "source" => Ok(Facet::Source),
            "reporter" | "reporters" => Ok(Facet::Reporter),
            "date" | "month" | "published_at" => Ok(Facet::Date),
            other => Err(Error::InvalidArgument(format!(
                "unknown facet `{other}` (use section, source, reporter or date)"
            ))),
        }
    }
}

/// One value of a facet and the number of matching documents that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value (a section name, a month `YYYY-MM`, …).
    pub value: String,
    /// Matching documents with that value.
    pub count: u64,
}

/// Facet name → counts: most frequent first, except dates, in date order.
pub type Facets = BTreeMap<String, Vec<FacetCount>>;

/// Counts facet values over the matching documents.
pub(crate) struct FacetCollector {
    pub facets: Vec<Facet>,
}

/// Per-segment counts: per term ordinal for strings, per month for dates.
pub(crate) struct SegmentFacets {
    columns: Vec<(Facet, FacetColumn)>,
    counts: Vec<HashMap<u64, u64>>,
}

enum FacetColumn {
    Str(Option<StrColumn>),
    Date(Column<tantivy::DateTime>),
}

impl Collector for FacetCollector {
    type Fruit = BTreeMap<Facet, HashMap<String, u64>>;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let mut columns = Vec::new();
        for &facet in &self.facets {
            let column = match facet {
                Facet::Date => FacetColumn::Date(reader.fast_fields().date(facet.field())?),
                _ => FacetColumn::Str(reader.fast_fields().str(facet.field())?),
            };
            columns.push((facet, column));
        }
        Ok(SegmentFacets {
            counts: vec![HashMap::new(); columns.len()],
            columns,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<BTreeMap<Facet, HashMap<String, u64>>>,
    ) -> tantivy::Result<BTreeMap<Facet, HashMap<String, u64>>> {
        // Every facet asked for, even with no segment to count in (an empty
        // index answers like a query that matches nothing).
        let mut merged: BTreeMap<Facet, HashMap<String, u64>> = self
            .facets
            .iter()
            .map(|&facet| (facet, HashMap::new()))
            .collect();
        for fruit in fruits {
            for (facet, counts) in fruit {
                let target = merged.entry(facet).or_default();
                for (value, count) in counts {
                    *target.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = BTreeMap<Facet, HashMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for ((_, column), counts) in self.columns.iter().zip(&mut self.counts) {
            match column {
                FacetColumn::Str(Some(column)) => {
                    for ord in column.term_ords(doc) {
                        *counts.entry(ord).or_default() += 1;
                    }
                }
                FacetColumn::Str(None) => {}
                FacetColumn::Date(column) => {
                    if let Some(date) = column.first(doc) {
                        let month = month_key(date.into_timestamp_secs());
                        *counts.entry(month).or_default() += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut fruit = BTreeMap::new();
        for ((facet, column), counts) in self.columns.into_iter().zip(self.counts) {
            let mut values: HashMap<String, u64> = HashMap::new();
            for (key, count) in counts {
                let value = match &column {
                    FacetColumn::Str(Some(column)) => {
                        let mut value = String::new();
                        if column.ord_to_str(key, &mut value).is_err() {
                            continue;
                        }
                        value
                    }
                    FacetColumn::Str(None) => continue,
                    FacetColumn::Date(_) => month_name(key),
                };
                *values.entry(value).or_default() += count;
            }
            fruit.insert(facet, values);
        }
        fruit
    }
}

/// Months since year 0 of a Unix time, in Korea Standard Time.
fn month_key(seconds: i64) -> u64 {
    let date = KST.timestamp_opt(seconds, 0).single();
    date.map_or(0, |date| {
        (date.year().max(0) as u64) * 12 + u64::from(date.month0())
    })
}

fn month_name(key: u64) -> String {
    format!("{:04}-{:02}", key / 12, key % 12 + 1)
}

/// Orders counts for display: dates chronologically, others by count
/// (ties by value), at most `limit` values.
pub(crate) fn finish(collected: BTreeMap<Facet, HashMap<String, u64>>, limit: usize) -> Facets {
    collected
        .into_iter()
        .map(|(facet, counts)| {
            let mut counts: Vec<FacetCount> = counts
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            if facet == Facet::Date {
                counts.sort_by(|a, b| a.value.cmp(&b.value));
            } else {
                counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                counts.truncate(limit);
            }
            (facet.name().to_string(), counts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_kst() {
        // 2023-03-31T15:30:00Z is 2023-04-01 00:30 in Korea.
        let seconds = chrono::DateTime::parse_from_rfc3339("2023-03-31T15:30:00Z")
            .unwrap()
            .timestamp();
        assert_eq!(month_name(month_key(seconds)), "2023-04");
    }

    #[test]
    fn facet_names() {
        assert_eq!("Section".parse::<Facet>().unwrap(), Facet::Section);
        assert_eq!("date".parse::<Facet>().unwrap(), Facet::Date);
        assert!("colour".parse::<Facet>().is_err());
    }
}
