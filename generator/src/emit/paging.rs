//! Per limit/offset operation: `send_page`, `stream` and `stream_with`,
//! printed from the page-size bounds lowering decided. The runtime's
//! `paginate` does the work; what stays per operation is the item and error
//! types and the names of the limit/offset/count setters.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{Context, Imports, ident};
use crate::ir::{Operation, ParamLocation, TypeRef};

pub fn pagination_items(
    op: &Operation,
    p: &crate::ir::Pagination,
    imports: &mut Imports<'_>,
) -> TokenStream {
    let error = ident(&op.error_name);
    let item = imports.ty(&p.item, Context::Outside);
    let page_size = proc_macro2::Literal::u64_unsuffixed(p.page_size_default);
    let page_size_max = proc_macro2::Literal::u64_unsuffixed(p.page_size_max);
    let limit = param_ident(op, "limit");
    let offset = param_ident(op, "offset");
    let count = p.has_count.then(|| param_ident(op, "count"));
    let int_of = |name: &str| {
        op.parameters
            .iter()
            .find(|q| q.location == ParamLocation::Query && q.name == name)
            .map(|q| q.ty.clone())
    };
    let convert = |ty: Option<TypeRef>, value: TokenStream| match ty {
        Some(TypeRef::Integer { bits: 32 }) => quote!(i32::try_from(#value).unwrap_or(i32::MAX)),
        _ => quote!(i64::try_from(#value).unwrap_or(i64::MAX)),
    };
    // The runtime keeps every page size and offset within these, so the
    // conversions below never clamp.
    let type_max = |ty: Option<TypeRef>| match ty {
        Some(TypeRef::Integer { bits: 32 }) => u64::from(i32::MAX.unsigned_abs()),
        _ => i64::MAX.unsigned_abs(),
    };
    let limit_max = type_max(int_of("limit"));
    let max_page = proc_macro2::Literal::u64_unsuffixed(p.page_size_max.clamp(1, limit_max));
    let max_offset = proc_macro2::Literal::u64_unsuffixed(type_max(int_of("offset")));
    let limit_value = convert(int_of("limit"), quote!(page.limit));
    let offset_value = convert(int_of("offset"), quote!(page.offset));
    let start = quote!(self.#offset.map_or(0, |o| u64::try_from(o).unwrap_or(0)));
    let size = quote!(self.#limit.map_or(#page_size, |l| u64::try_from(l).unwrap_or(#page_size).clamp(1, #page_size_max)));
    let set_count = count.map(|c| quote!(request.#c = Some(page.count);));
    let page_doc = doc::attrs(&format!(
        "Sends the request and returns one page with the total from `X-Total-Count` (present when `count` is set). Page size: at most {}.",
        p.page_size_max
    ));
    quote! {
        #page_doc
        pub async fn send_page(self) -> Result<isc_runtime::Page<#item>, Error<#error>> {
            let response = self.client.execute(self.request()).await?;
            match response.status() {
                200..=299 => Ok(isc_runtime::Page {
                    total: response.total_count(),
                    items: response.json()?,
                }),
                _ => Err(response.into_error()),
            }
        }

        /// Every item, fetching pages lazily as the stream is polled. Starts at
        /// the builder's `offset` (default 0) with its `limit` as page size;
        /// asks for the total count so it never requests a page past the end.
        pub fn stream(self) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
            let options = isc_runtime::PageOptions {
                page_size: #size,
                max_items: None,
                start: #start,
            };
            self.stream_with(options)
        }

        /// Like [`stream`](Self::stream), with explicit page size, start and
        /// a cap on the number of items. A page size above the operation's
        /// maximum is reduced to it.
        pub fn stream_with(self, options: isc_runtime::PageOptions) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
            let bounds = isc_runtime::PageBounds::new(#max_page, #max_offset);
            isc_runtime::paginate_within(bounds, options, move |page| {
                let mut request = self.clone();
                request.#limit = Some(#limit_value);
                request.#offset = Some(#offset_value);
                #set_count
                request.send_page()
            })
        }
    }
}

fn param_ident(op: &Operation, wire: &str) -> proc_macro2::Ident {
    let name = op
        .parameters
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.name == wire)
        .map_or(wire, |p| p.rust_name.as_str());
    ident(name)
}
