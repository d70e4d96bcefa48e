//! What every generated request builder shares: sending it, awaiting it and,
//! for limit/offset list operations, walking its pages.
//!
//! A generated builder only says what is particular to its operation (the
//! request it makes, which statuses are successes and how they decode, its
//! page parameters); the code that sends, boxes the future and paginates is
//! written once here as generics. `cargo check` of a large client then
//! type-checks that code once rather than once per operation, which is most
//! of what a 500-operation client used to cost.

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::clock::BoxFuture;
use crate::error::Error;
use crate::paginate::{Page, PageBounds, PageOptions, PageRequest, paginate_within};
use crate::request::Request;
use crate::response::{ErrorBody, Response};

/// The future of one call: what `send` returns and `.await` on a builder runs.
pub type CallFuture<T, E> = BoxFuture<'static, Result<T, Error<E>>>;

/// One operation's request builder, as generated code implements it.
pub trait Operation: Send + 'static {
    /// What a successful response decodes to.
    type Output: Send + 'static;
    /// The operation's error enum: one variant per declared error status.
    type Error: ErrorBody + Send + 'static;

    /// The client the request is sent through.
    fn client(&self) -> &Client;

    /// The request this builder describes, as it would be sent now.
    fn request(&self) -> Request;

    /// The decoded success for `response`, or `None` when its status is not
    /// one the operation declares as a success (it then becomes
    /// [`Error::Api`] carrying [`Operation::Error`]).
    fn success(response: &Response) -> Option<Result<Self::Output, Error<Self::Error>>>;
}

/// Sends `operation`'s request and decodes the response by status.
pub fn send<O: Operation>(operation: O) -> CallFuture<O::Output, O::Error> {
    // Only the client and the request live across the await, so the builder
    // itself need not be `Sync`.
    let client = operation.client().clone();
    let request = operation.request();
    Box::pin(async move {
        let response = client.execute(request).await?;
        match O::success(&response) {
            Some(result) => result,
            None => Err(response.into_error()),
        }
    })
}

/// A limit/offset list operation: a JSON array per page, the total in
/// X-Total-Count when `count` is asked for.
pub trait Paged: Operation + Clone {
    /// One element of a page.
    type Item: DeserializeOwned + Clone + PartialEq + Send + 'static;

    /// The largest page size the operation accepts and the largest offset
    /// its parameter holds.
    const BOUNDS: PageBounds;

    /// The walk the builder's own `limit` and `offset` describe (page size
    /// and start), for [`stream`].
    fn options(&self) -> PageOptions;

    /// Sets the limit, offset and (when the operation has one) count
    /// parameters to fetch `page`.
    fn set_page(&mut self, page: PageRequest);
}

/// Sends `operation`'s request and returns one page: any 2xx status decodes
/// as a JSON array, with the total from X-Total-Count when present.
pub fn send_page<O: Paged>(operation: O) -> CallFuture<Page<O::Item>, O::Error> {
    let client = operation.client().clone();
    let request = operation.request();
    Box::pin(async move {
        let response = client.execute(request).await?;
        match response.status() {
            200..=299 => response.page(),
            _ => Err(response.into_error()),
        }
    })
}

/// Every item of the list, fetching pages lazily as the stream is polled, as
/// [`paginate_within`] walks them with the operation's bounds.
pub fn stream<O: Paged>(
    operation: O,
    options: PageOptions,
) -> impl Stream<Item = Result<O::Item, Error<O::Error>>> + Send + 'static {
    paginate_within(O::BOUNDS, options, move |page| {
        let mut request = operation.clone();
        request.set_page(page);
        send_page(request)
    })
}
