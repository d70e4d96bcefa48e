//! Walking limit/offset list operations page by page.
//!
//! The first request asks `count=true`, so the server reports the total in
//! X-Total-Count. With the total known, no request is made for an offset at or past
//! it: 250 items at page size 250 take one request, not two. Without a total
//! (the server ignored `count`), iteration stops at the first page shorter than
//! requested, so when the item count is an exact multiple of the page size one
//! final, empty page is fetched: there is no other way to learn the end.

use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::Error;

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
    /// Index of the first item.
    pub offset: u64,
    /// Most items to return.
    pub limit: u64,
    /// Ask the server for the total (X-Total-Count); true for the first page only.
    pub count: bool,
}

/// How [`paginate`] walks a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOptions {
    /// Items per request (default 250, the API's maximum); 0 is taken as 1.
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

/// Lazily fetches pages; stops on a short page, never asks for an offset at or
/// past X-Total-Count, honours max_items.
///
/// `fetch` is called with each [`PageRequest`] only when the items before it have
/// been consumed. After an error the stream ends.
pub fn paginate<T, E, F, Fut>(
    options: PageOptions,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(PageRequest) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send,
    T: Send + 'static,
    E: Send + 'static,
{
    Paginator {
        fetch: Box::new(fetch),
        in_flight: None,
        buffer: VecDeque::new(),
        plan: Plan::new(options),
        error: PhantomData,
    }
}

/// Which page comes next, and when to stop.
#[derive(Debug)]
struct Plan {
    page_size: u64,
    next_offset: u64,
    /// Items still allowed by `max_items`.
    remaining: Option<u64>,
    total: Option<u64>,
    first: bool,
    done: bool,
}

impl Plan {
    fn new(options: PageOptions) -> Self {
        Plan {
            page_size: options.page_size.max(1),
            next_offset: options.start,
            remaining: options.max_items,
            total: None,
            first: true,
            done: false,
        }
    }

    /// The next request, or `None` when the walk is over.
    fn next_request(&mut self) -> Option<PageRequest> {
        if self.done {
            return None;
        }
        let limit = match self.remaining {
            Some(remaining) => remaining.min(self.page_size),
            None => self.page_size,
        };
        let past_end = self.total.is_some_and(|total| self.next_offset >= total);
        if limit == 0 || past_end {
            self.done = true;
            return None;
        }
        Some(PageRequest {
            offset: self.next_offset,
            limit,
            count: self.first,
        })
    }

    /// Records a page answering `request`; returns the items to hand out.
    fn accept<T>(&mut self, request: PageRequest, page: Page<T>) -> Vec<T> {
        let mut items = page.items;
        if self.first {
            self.total = page.total;
            self.first = false;
        }
        // A server that ignores `limit` must not push us past max_items.
        items.truncate(usize::try_from(request.limit).unwrap_or(usize::MAX));
        let received = items.len() as u64;
        if received < request.limit {
            self.done = true;
        }
        self.next_offset = request.offset.saturating_add(received);
        if let Some(remaining) = self.remaining.as_mut() {
            *remaining -= received;
        }
        items
    }
}

struct Paginator<T, E, F, Fut> {
    fetch: Box<F>,
    in_flight: Option<(PageRequest, Pin<Box<Fut>>)>,
    buffer: VecDeque<T>,
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
{
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.in_flight.is_none() {
                match this.plan.next_request() {
                    Some(request) => {
                        let future = (this.fetch)(request);
                        this.in_flight = Some((request, Box::pin(future)));
                    }
                    None => return Poll::Ready(None),
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
                        Ok(page) => this.buffer.extend(this.plan.accept(request, page)),
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
            return (buffered, Some(buffered));
        }
        let upper = match (self.plan.total, self.plan.remaining) {
            (Some(total), remaining) => {
                let left = total.saturating_sub(self.plan.next_offset);
                Some(remaining.map_or(left, |r| r.min(left)))
            }
            (None, Some(remaining)) => Some(remaining),
            (None, None) => None,
        };
        let upper = upper
            .and_then(|u| usize::try_from(u).ok())
            .map(|u| u + buffered);
        (buffered, upper)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    /// Runs the plan against an in-memory list of `len` items.
    fn walk(len: u64, options: PageOptions, send_total: bool) -> (Vec<PageRequest>, u64) {
        let mut plan = Plan::new(options);
        let mut requests = Vec::new();
        let mut yielded = 0;
        while let Some(request) = plan.next_request() {
            requests.push(request);
            let end = (request.offset + request.limit).min(len);
            let items: Vec<u64> = (request.offset.min(len)..end).collect();
            let total = (send_total && request.count).then_some(len);
            yielded += plan.accept(request, Page { items, total }).len() as u64;
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
