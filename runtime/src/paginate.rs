//! Walking limit/offset list operations page by page, without trusting the
//! server to be consistent.
//!
//! The first request asks `count=true`, so the server reports the total in
//! X-Total-Count. With the total known, no request is made for an offset at or past
//! it: 250 items at page size 250 take one request, not two. Without a total
//! (the server ignored `count`, or sent a negative or unparsable one), iteration
//! stops at the first page shorter than requested, so when the item count is an
//! exact multiple of the page size one final, empty page is fetched: there is no
//! other way to learn the end.
//!
//! The stream ends with [`Error::Pagination`] (after the items it did get) when
//! the server contradicts itself: a page that repeats the previous one (the
//! offset is ignored; the walk would never end), a page shorter than asked
//! before the announced total (items are missing: the caller sees that rather
//! than a silent truncation), or an offset the operation's parameter cannot
//! hold (offsets never wrap or clamp). A page larger than asked is accepted.
// Counts and offsets come from the network: no unchecked arithmetic or casts.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::Error;
use crate::failures::PaginationError;

/// Largest page the ISC API serves, and the default page size.
pub const DEFAULT_PAGE_SIZE: u64 = 250;

/// One page of a list operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// X-Total-Count, when the server sent it.
    pub total: Option<u64>,
}

/// The page [`paginate`] wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Index of the first item; never above [`PageBounds::max_offset`].
    pub offset: u64,
    /// Most items to return; never above [`PageBounds::max_page_size`].
    pub limit: u64,
    /// Ask the server for the total (X-Total-Count); true for the first page only.
    pub count: bool,
}

/// How [`paginate`] walks a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOptions {
    /// Items per request (default 250); 0 is taken as 1, and a size above the
    /// operation's maximum is reduced to it.
    pub page_size: u64,
    /// Stop after this many items; the last request's limit is reduced to match.
    pub max_items: Option<u64>,
    /// Offset of the first item.
    pub start: u64,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            page_size: DEFAULT_PAGE_SIZE,
            max_items: None,
            start: 0,
        }
    }
}

impl PageOptions {
    /// Sets [`page_size`](Self::page_size).
    pub fn with_page_size(mut self, page_size: u64) -> Self {
        self.page_size = page_size;
        self
    }

    /// Sets [`max_items`](Self::max_items).
    pub fn with_max_items(mut self, max_items: u64) -> Self {
        self.max_items = Some(max_items);
        self
    }

    /// Sets [`start`](Self::start).
    pub fn with_start(mut self, start: u64) -> Self {
        self.start = start;
        self
    }
}

/// What an operation's `limit` and `offset` parameters accept, from the spec:
/// generated code passes them to [`paginate_within`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBounds {
    /// The `limit` parameter's `maximum`: larger page sizes are reduced to it.
    pub max_page_size: u64,
    /// The largest value the `offset` parameter's type holds (`i32::MAX` for
    /// `int32`): the walk ends with an error rather than send a larger one.
    pub max_offset: u64,
}

impl PageBounds {
    /// No bounds beyond `u64`.
    pub const UNBOUNDED: PageBounds = PageBounds {
        max_page_size: u64::MAX,
        max_offset: u64::MAX,
    };

    /// Pages of at most `max_page_size` items, offsets of at most `max_offset`.
    pub const fn new(max_page_size: u64, max_offset: u64) -> Self {
        PageBounds {
            max_page_size,
            max_offset,
        }
    }
}

impl Default for PageBounds {
    fn default() -> Self {
        PageBounds::UNBOUNDED
    }
}

/// [`paginate_within`] without bounds: for lists whose parameters take any `u64`.
pub fn paginate<T, E, F, Fut>(
    options: PageOptions,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(PageRequest) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send,
    T: Clone + PartialEq + Send + 'static,
    E: Send + 'static,
{
    paginate_within(PageBounds::UNBOUNDED, options, fetch)
}

/// Lazily fetches pages; stops on a short page, never asks for an offset at or
/// past X-Total-Count, honours max_items, keeps every request within `bounds`,
/// and ends with [`Error::Pagination`] when the server contradicts itself (see
/// the module docs).
///
/// `fetch` is called with each [`PageRequest`] only when the items before it have
/// been consumed. After an error the stream ends.
pub fn paginate_within<T, E, F, Fut>(
    bounds: PageBounds,
    options: PageOptions,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(PageRequest) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send,
    T: Clone + PartialEq + Send + 'static,
    E: Send + 'static,
{
    Paginator {
        fetch: Box::new(fetch),
        in_flight: None,
        buffer: VecDeque::new(),
        pending: None,
        previous: Vec::new(),
        plan: Plan::new(bounds, options),
        error: PhantomData,
    }
}

/// Which page comes next, and when to stop.
#[derive(Debug)]
struct Plan {
    page_size: u64,
    max_offset: u64,
    next_offset: u64,
    /// Items still allowed by `max_items`.
    remaining: Option<u64>,
    total: Option<u64>,
    first: bool,
    done: bool,
}

impl Plan {
    fn new(bounds: PageBounds, options: PageOptions) -> Self {
        Plan {
            page_size: options.page_size.clamp(1, bounds.max_page_size.max(1)),
            max_offset: bounds.max_offset,
            next_offset: options.start,
            remaining: options.max_items,
            total: None,
            first: true,
            done: false,
        }
    }

    /// The next request, `None` when the walk is over, or why it cannot go on.
    fn next_request(&mut self) -> Result<Option<PageRequest>, PaginationError> {
        if self.done {
            return Ok(None);
        }
        let limit = match self.remaining {
            Some(remaining) => remaining.min(self.page_size),
            None => self.page_size,
        };
        let past_end = self.total.is_some_and(|total| self.next_offset >= total);
        if limit == 0 || past_end {
            self.done = true;
            return Ok(None);
        }
        if self.next_offset > self.max_offset {
            self.done = true;
            return Err(PaginationError::OffsetOutOfRange {
                offset: self.next_offset,
                max: self.max_offset,
            });
        }
        Ok(Some(PageRequest {
            offset: self.next_offset,
            limit,
            count: self.first,
        }))
    }

    /// Records a page answering `request`: the items to hand out, and the
    /// error that ends the walk after them, if any. `previous` is the page
    /// before, for the repeat check.
    fn accept<T: PartialEq>(
        &mut self,
        request: PageRequest,
        page: Page<T>,
        previous: &[T],
    ) -> (Vec<T>, Option<PaginationError>) {
        let mut items = page.items;
        if self.first {
            self.total = page.total;
            self.first = false;
        }
        if !items.is_empty() && items.as_slice() == previous {
            self.done = true;
            let error = PaginationError::RepeatedPage {
                offset: request.offset,
            };
            return (Vec::new(), Some(error));
        }
        // A server that ignores `limit` must not push us past max_items.
        if let Some(remaining) = self.remaining {
            items.truncate(usize::try_from(remaining).unwrap_or(usize::MAX));
        }
        let received = u64::try_from(items.len()).unwrap_or(u64::MAX);
        if let Some(remaining) = self.remaining.as_mut() {
            *remaining = remaining.saturating_sub(received);
        }
        let Some(next_offset) = request.offset.checked_add(received) else {
            self.done = true;
            let error = PaginationError::OffsetOutOfRange {
                offset: u64::MAX,
                max: self.max_offset,
            };
            return (items, Some(error));
        };
        self.next_offset = next_offset;
        if received >= request.limit {
            return (items, None);
        }
        self.done = true;
        let error = self
            .total
            .filter(|total| next_offset < *total)
            .map(|total| PaginationError::ShortPage {
                offset: request.offset,
                received,
                total,
            });
        (items, error)
    }
}

struct Paginator<T, E, F, Fut> {
    fetch: Box<F>,
    in_flight: Option<(PageRequest, Pin<Box<Fut>>)>,
    buffer: VecDeque<T>,
    /// The error to yield once the buffer is empty.
    pending: Option<PaginationError>,
    /// The last page, for the repeat check.
    previous: Vec<T>,
    plan: Plan,
    error: PhantomData<fn() -> E>,
}

// Every field is either boxed or never pinned in place, so moving the paginator
// is fine whatever F, Fut and T are; this spares callers a `pin!`.
impl<T, E, F, Fut> Unpin for Paginator<T, E, F, Fut> {}

impl<T, E, F, Fut> Stream for Paginator<T, E, F, Fut>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error<E>>>,
    T: Clone + PartialEq,
{
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = this.pending.take() {
                return Poll::Ready(Some(Err(Error::Pagination(error))));
            }
            if this.in_flight.is_none() {
                match this.plan.next_request() {
                    Ok(Some(request)) => {
                        let future = (this.fetch)(request);
                        this.in_flight = Some((request, Box::pin(future)));
                    }
                    Ok(None) => return Poll::Ready(None),
                    Err(error) => return Poll::Ready(Some(Err(Error::Pagination(error)))),
                }
            }
            let Some((request, future)) = this.in_flight.as_mut() else {
                return Poll::Ready(None);
            };
            let request = *request;
            match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => {
                    this.in_flight = None;
                    match result {
                        Ok(page) => {
                            let (items, error) = this.plan.accept(request, page, &this.previous);
                            this.previous.clone_from(&items);
                            this.buffer.extend(items);
                            this.pending = error;
                        }
                        Err(error) => {
                            this.plan.done = true;
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        if self.plan.done && self.in_flight.is_none() {
            let pending = usize::from(self.pending.is_some());
            return (buffered, buffered.checked_add(pending));
        }
        let upper = match (self.plan.total, self.plan.remaining) {
            (Some(total), remaining) => {
                let left = total.saturating_sub(self.plan.next_offset);
                Some(remaining.map_or(left, |r| r.min(left)))
            }
            (None, Some(remaining)) => Some(remaining),
            (None, None) => None,
        };
        // A server may send more than asked, so this is a hint at best.
        let upper = upper
            .and_then(|u| usize::try_from(u).ok())
            .and_then(|u| u.checked_add(buffered));
        (buffered, upper)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    #![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
    use super::*;

    /// Runs the plan against an in-memory list of `len` items.
    fn walk(len: u64, options: PageOptions, send_total: bool) -> (Vec<PageRequest>, u64) {
        let mut plan = Plan::new(PageBounds::UNBOUNDED, options);
        let mut requests = Vec::new();
        let mut yielded = 0;
        while let Some(request) = plan.next_request().unwrap() {
            requests.push(request);
            let end = (request.offset + request.limit).min(len);
            let items: Vec<u64> = (request.offset.min(len)..end).collect();
            let total = (send_total && request.count).then_some(len);
            let (items, error) = plan.accept(request, Page { items, total }, &[]);
            assert_eq!(error, None);
            yielded += items.len() as u64;
            assert!(requests.len() < 100, "runaway");
        }
        (requests, yielded)
    }

    fn req(offset: u64, limit: u64, count: bool) -> PageRequest {
        PageRequest {
            offset,
            limit,
            count,
        }
    }

    #[test]
    fn without_total_an_exact_multiple_costs_one_empty_page() {
        let (requests, yielded) = walk(250, PageOptions::default(), false);
        assert_eq!(yielded, 250);
        assert_eq!(requests, [req(0, 250, true), req(250, 250, false)]);
    }

    #[test]
    fn with_total_an_exact_multiple_stops_at_once() {
        let (requests, yielded) = walk(500, PageOptions::default(), true);
        assert_eq!(yielded, 500);
        assert_eq!(requests, [req(0, 250, true), req(250, 250, false)]);
    }

    #[test]
    fn start_and_max_items() {
        let options = PageOptions::default()
            .with_page_size(10)
            .with_start(5)
            .with_max_items(12);
        let (requests, yielded) = walk(100, options, true);
        assert_eq!(yielded, 12);
        assert_eq!(requests, [req(5, 10, true), req(15, 2, false)]);
        let (requests, yielded) = walk(100, PageOptions::default().with_max_items(0), true);
        assert_eq!((requests.len(), yielded), (0, 0));
    }
}
