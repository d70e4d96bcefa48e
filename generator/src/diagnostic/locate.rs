//! Finding the line of a JSON pointer in the text of a YAML or JSON file, for
//! the snippet of a diagnostic. The text is read by a YAML 1.2 parser that
//! marks every event with its place (saphyr-parser; JSON is YAML 1.2 flow
//! style, so it reads both), following the pointer as the events stream by
//! and stopping as soon as the node, or the end of its deepest parent found,
//! is reached. No tree is built and nothing recurses, so any depth is fine.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

use crate::error::pointer_segments;

/// Where [`find_pointer`] found a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// 1-based line.
    pub line: usize,
    /// Byte offset in the text where the node's key (or sequence item) starts.
    pub start: usize,
    /// Byte offset where the marked text ends (at most the end of the line).
    pub end: usize,
    /// Whether the whole pointer was found; otherwise this is the nearest
    /// parent that was.
    pub exact: bool,
}

/// Finds the line of a JSON pointer in the text of a YAML or JSON file
/// (`json`: the file is named `.json`).
///
/// A mapping entry is marked at its key, a block sequence item from its
/// `- ` to the end of the line, a flow item at its value. Best effort: when
/// a segment cannot be followed (an alias, a merge key, a missing key), the
/// deepest node found is returned with `exact: false`; `None` when the text
/// has no node at all (an empty file).
pub fn find_pointer(text: &str, pointer: &str, json: bool) -> Option<Found> {
    let segments = pointer_segments(pointer);
    // JSON allows tabs wherever it allows spaces, YAML not in indentation;
    // a JSON string holds no raw tab, so swapping them keeps every offset.
    let mut source: Cow<'_, str> = if json && text.contains('\t') {
        Cow::Owned(text.replace('\t', " "))
    } else {
        Cow::Borrowed(text)
    };
    // Lines re-indented so far: (1-based line, spaces added).
    let mut shifted: Vec<(usize, usize)> = Vec::new();
    let hit = loop {
        match Walk::new(&segments).run(&source) {
            Ok(hit) => break hit?,
            Err((at, partial)) => {
                // libyaml, which loaded the file, accepts flow collections
                // and quoted scalars whose later lines are indented less
                // than YAML 1.2 allows (SailPoint writes `example: [` ...
                // `]` with the `]` under the key); the strict parser stops
                // there. Indenting that line like the one before it changes
                // no value, so retry with that (a few times at most).
                let fixed = (shifted.len() < MAX_REINDENTS)
                    .then(|| reindent(&source, at.line()))
                    .flatten();
                match fixed {
                    Some((text, added)) => {
                        shifted.push((at.line(), added));
                        source = Cow::Owned(text);
                    }
                    // Past what it can mend: the deepest node before it.
                    None => break partial?,
                }
            }
        }
    };
    let unshift = |marker: Marker| {
        let added: usize = shifted
            .iter()
            .filter(|(line, _)| *line == marker.line())
            .map(|(_, added)| added)
            .sum();
        Marker::new(0, marker.line(), marker.col().saturating_sub(added))
    };
    let start = byte_offset(text, unshift(hit.start));
    let end = hit.end.map_or(start, |end| byte_offset(text, unshift(end)));
    // A block scalar's span starts at its text; its item starts at the
    // indicator before it (`- >-`).
    let start = if hit.block && hit.item == Item::Value {
        text.get(..start)
            .and_then(|before| before.rfind(['|', '>']))
            .unwrap_or(start)
    } else {
        start
    };
    let (start, end) = mark(text, start, end, hit.item);
    Some(Found {
        line: text.get(..start)?.matches('\n').count() + 1,
        start,
        end,
        exact: hit.exact,
    })
}

/// How a found node is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// A mapping entry: its key as written.
    Key,
    /// A sequence item or the root: its value (a block item from its `- `).
    Value,
}

/// The deepest node found so far, in the parser's markers.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: Marker,
    /// Where the marked text ends; for a container value, known at its end.
    end: Option<Marker>,
    item: Item,
    /// A block scalar (`|`, `>`), whose span starts after its indicator.
    block: bool,
    /// How many segments of the pointer lead to it.
    depth: usize,
    exact: bool,
}

/// A container on the pointer's path.
enum Frame {
    /// A mapping, with the key just read while its value is to come.
    Map { key: Option<(String, Span)> },
    /// A sequence, with the index of the next item.
    Seq { next: usize },
}

/// One node as the parser reports its start.
enum Node<'t> {
    /// Its text, and whether it is a block scalar.
    Scalar(&'t str, bool),
    Alias,
    Map,
    Seq,
}

impl Node<'_> {
    fn is_container(&self) -> bool {
        matches!(self, Node::Map | Node::Seq)
    }
}

/// The state of one search.
struct Walk<'a> {
    segments: &'a [String],
    /// The containers on the pointer's path, outermost first: the innermost
    /// is reached by `path.len() - 1` segments.
    path: Vec<Frame>,
    /// Nesting depth of the container off the path being skipped (0: none).
    skip: usize,
    /// The exact node is a container being skipped to learn where it ends.
    closing: bool,
    best: Option<Hit>,
}

impl<'a> Walk<'a> {
    fn new(segments: &'a [String]) -> Self {
        Self {
            segments,
            path: Vec::new(),
            skip: 0,
            closing: false,
            best: None,
        }
    }

    /// Streams the events of `text`; stops at the answer, or at a parse
    /// error before the answer (`Err`: where it is, and the deepest node
    /// found before it).
    fn run(mut self, text: &str) -> Result<Option<Hit>, (Marker, Option<Hit>)> {
        let mut parser = Parser::new_from_str(text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|err| (*err.marker(), self.answer(None, false)))?;
            let node = match &event {
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
                Event::StreamEnd | Event::DocumentEnd => break,
                Event::MappingEnd | Event::SequenceEnd => {
                    if self.skip > 1 {
                        self.skip -= 1;
                        continue;
                    }
                    if self.skip == 1 {
                        self.skip = 0;
                        if self.closing {
                            return Ok(self.answer(Some(span.end), true));
                        }
                        continue;
                    }
                    // A container on the path ends without the next segment.
                    return Ok(self.answer(Some(span.end), false));
                }
                Event::MappingStart(..) | Event::SequenceStart(..) if self.skip > 0 => {
                    self.skip += 1;
                    continue;
                }
                _ if self.skip > 0 => continue,
                Event::MappingStart(..) => Node::Map,
                Event::SequenceStart(..) => Node::Seq,
                Event::Alias(_) => Node::Alias,
                Event::Scalar(value, style, ..) => Node::Scalar(
                    value,
                    matches!(style, ScalarStyle::Literal | ScalarStyle::Folded),
                ),
            };
            if let Some(hit) = self.node(&node, span) {
                return Ok(Some(hit));
            }
        }
        Ok(self.answer(None, false))
    }

    /// One node starts outside any skipped container. Returns the answer
    /// when the search is over.
    fn node(&mut self, node: &Node<'_>, span: Span) -> Option<Hit> {
        let depth = self.path.len();
        let segment = depth.checked_sub(1).and_then(|i| self.segments.get(i));
        let (start, end, item) = match self.path.last_mut() {
            None => (span.start, None, Item::Value),
            Some(Frame::Map { key }) => match key.take() {
                None => {
                    // A key: its value comes next. A complex key (a
                    // collection) matches no segment.
                    let text = match node {
                        Node::Scalar(text, _) => (*text).to_owned(),
                        _ => String::new(),
                    };
                    *key = Some((text, span));
                    if node.is_container() {
                        self.skip = 1;
                    }
                    // Until a segment is found, the root's first key stands
                    // for the document.
                    if let Some(best) = self
                        .best
                        .as_mut()
                        .filter(|b| b.depth == 0 && b.item == Item::Value)
                    {
                        {
                            *best = Hit {
                                start: span.start,
                                end: Some(span.end),
                                item: Item::Key,
                                ..*best
                            };
                        }
                    }
                    return None;
                }
                Some((text, key_span)) => {
                    if segment != Some(&text) {
                        return self.off_path(node);
                    }
                    (key_span.start, Some(key_span.end), Item::Key)
                }
            },
            Some(Frame::Seq { next }) => {
                let index = *next;
                *next += 1;
                if segment.and_then(|s| s.parse::<usize>().ok()) != Some(index) {
                    return self.off_path(node);
                }
                let end = matches!(node, Node::Scalar(..)).then_some(span.end);
                (span.start, end, Item::Value)
            }
        };
        self.best = Some(Hit {
            start,
            end,
            item,
            block: matches!(node, Node::Scalar(_, true)),
            depth,
            exact: false,
        });
        if depth == self.segments.len() {
            if node.is_container() && item == Item::Value {
                // Marked whole, so its end is needed.
                self.closing = true;
                self.skip = 1;
                return None;
            }
            return self.answer(None, true);
        }
        match node {
            Node::Map => self.path.push(Frame::Map { key: None }),
            Node::Seq => self.path.push(Frame::Seq { next: 0 }),
            // A scalar or an alias has no children to follow.
            Node::Scalar(..) | Node::Alias => return self.answer(None, false),
        }
        None
    }

    /// A node that the pointer does not go through: skipped whole.
    fn off_path(&mut self, node: &Node<'_>) -> Option<Hit> {
        if node.is_container() {
            self.skip = 1;
        }
        None
    }

    /// The best hit, its end filled in with `end` when still unknown.
    fn answer(&self, end: Option<Marker>, exact: bool) -> Option<Hit> {
        self.best.map(|best| Hit {
            end: best.end.or(end),
            exact,
            ..best
        })
    }
}

/// How many lines [`find_pointer`] re-indents before it gives up.
const MAX_REINDENTS: usize = 64;

/// `text` with 1-based `line` indented like the nearest non-blank line
/// before it, and the number of spaces added; `None` when that would not
/// indent it further.
fn reindent(text: &str, line: usize) -> Option<(String, usize)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let index = line.checked_sub(1)?;
    let target = lines.get(index)?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let wanted = lines
        .get(..index)?
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| indent(l))?;
    let added = wanted.checked_sub(indent(target)).filter(|n| *n > 0)?;
    let mut out = String::with_capacity(text.len() + added);
    for (i, l) in lines.iter().enumerate() {
        if i == index {
            out.extend(std::iter::repeat_n(' ', added));
        }
        out.push_str(l);
    }
    Some((out, added))
}

/// The byte offset of a parser marker (whose column counts characters).
fn byte_offset(text: &str, marker: Marker) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(marker.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line = text.get(line_start..).unwrap_or_default();
    let column = line
        .char_indices()
        .nth(marker.col())
        .map_or(line.len(), |(i, _)| i);
    line_start + column
}

/// The bytes to mark for a hit at `start..end`: a block sequence item from
/// its `- ` to the end of its line, anything else clipped to its line.
fn mark(text: &str, start: usize, end: usize, item: Item) -> (usize, usize) {
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    let line_end = line_start
        + text
            .get(line_start..line_end)
            .map_or(0, |line| line.trim_end().len());
    let before = text.get(line_start..start).unwrap_or_default().trim_end();
    if item == Item::Value
        && let Some(dash) = before.strip_suffix('-')
        && dash.chars().last().is_none_or(char::is_whitespace)
    {
        return (line_start + dash.len(), line_end.max(start));
    }
    (start, end.clamp(start, line_end.max(start)))
}
