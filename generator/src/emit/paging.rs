//! Per limit/offset operation: its `isc_runtime::Paged` impl (item type,
//! page-size bounds lowering decided, which fields are limit/offset/count)
//! and `send_page`, `stream` and `stream_with`, which only call the runtime's
//! generic implementations.

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
    let set_count = count.map(|c| quote!(self.#c = Some(page.count);));
    let builder = ident(&op.builder_name);
    let page_doc = doc::attrs(&format!(
        "Sends the request and returns one page with the total from `X-Total-Count` (present when `count` is set). Page size: at most {}.",
        p.page_size_max
    ));
    quote! {
        impl #builder {
            #page_doc
            pub fn send_page(self) -> isc_runtime::CallFuture<isc_runtime::Page<#item>, #error> {
                isc_runtime::send_page(self)
            }

            /// Every item, fetching pages lazily as the stream is polled. Starts at
            /// the builder's `offset` (default 0) with its `limit` as page size;
            /// asks for the total count so it never requests a page past the end.
            pub fn stream(self) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
                let options = isc_runtime::Paged::options(&self);
                isc_runtime::stream(self, options)
            }

            /// Like [`stream`](Self::stream), with explicit page size, start and
            /// a cap on the number of items. A page size above the operation's
            /// maximum is reduced to it.
            pub fn stream_with(self, options: isc_runtime::PageOptions) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
                isc_runtime::stream(self, options)
            }
        }

        impl isc_runtime::Paged for #builder {
            type Item = #item;

            const BOUNDS: isc_runtime::PageBounds = isc_runtime::PageBounds::new(#max_page, #max_offset);

            fn options(&self) -> isc_runtime::PageOptions {
                isc_runtime::PageOptions {
                    page_size: #size,
                    max_items: None,
                    start: #start,
                }
            }

            fn set_page(&mut self, page: isc_runtime::PageRequest) {
                self.#limit = Some(#limit_value);
                self.#offset = Some(#offset_value);
                #set_count
            }
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
