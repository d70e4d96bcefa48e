//! Targeted lint allowances for shapes the spec dictates: clippy objects to
//! them, but the generated code cannot choose another shape without
//! inventing names the spec does not give.

use proc_macro2::TokenStream;
use quote::quote;

/// Clippy's default `type-complexity-threshold`.
const TYPE_COMPLEXITY_THRESHOLD: u64 = 250;

/// Clippy's default `too-many-arguments-threshold`.
pub(super) const TOO_MANY_ARGUMENTS_THRESHOLD: usize = 7;

/// `#[allow(clippy::too_many_arguments)]` for a method that takes `&self`
/// and one argument per parameter the spec requires, when they are more than
/// clippy accepts; nothing otherwise.
pub fn allow_too_many_arguments(arguments: usize) -> TokenStream {
    if arguments.saturating_add(1) > TOO_MANY_ARGUMENTS_THRESHOLD {
        quote! {
            #[allow(clippy::too_many_arguments, reason = "one argument per parameter the spec requires")]
        }
    } else {
        TokenStream::new()
    }
}

/// `#[allow(clippy::type_complexity)]` for an item whose type is `ty`, when
/// clippy would find it too complex (arrays nested many levels deep, as a
/// schema can declare them); nothing otherwise.
pub fn allow_type_complexity(ty: &TokenStream) -> TokenStream {
    match syn::parse2::<syn::Type>(ty.clone()) {
        Ok(parsed) if score(&parsed, 1) > TYPE_COMPLEXITY_THRESHOLD => quote! {
            #[allow(clippy::type_complexity, reason = "the schema nests arrays or maps this deep")]
        },
        _ => TokenStream::new(),
    }
}

/// The score clippy's `type_complexity` gives a type: every named type, slice,
/// array or tuple counts ten times its nesting depth, references one.
fn score(ty: &syn::Type, nest: u64) -> u64 {
    let inner = nest.saturating_add(1);
    match ty {
        syn::Type::Path(path) => {
            let args = path
                .path
                .segments
                .iter()
                .flat_map(|segment| match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => args.args.iter().collect(),
                    _ => Vec::new(),
                })
                .map(|arg| match arg {
                    syn::GenericArgument::Type(ty) => score(ty, inner),
                    _ => 0,
                });
            args.fold(nest.saturating_mul(10), u64::saturating_add)
        }
        syn::Type::Reference(reference) => score(&reference.elem, nest).saturating_add(1),
        syn::Type::Slice(slice) => nest
            .saturating_mul(10)
            .saturating_add(score(&slice.elem, inner)),
        syn::Type::Array(array) => nest
            .saturating_mul(10)
            .saturating_add(score(&array.elem, inner)),
        syn::Type::Tuple(tuple) => tuple
            .elems
            .iter()
            .map(|ty| score(ty, inner))
            .fold(nest.saturating_mul(10), u64::saturating_add),
        _ => 0,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn scored(ty: &str) -> u64 {
        score(
            &syn::parse_str(ty).unwrap_or_else(|e| panic!("{ty}: {e}")),
            1,
        )
    }

    #[test]
    fn scores_like_clippy() {
        assert_eq!(scored("String"), 10);
        assert_eq!(scored("Option<Vec<String>>"), 60);
        assert_eq!(scored("&str"), 11);
        // Six levels: 10 * (1 + ... + 6) = 210; seven: 280, over the threshold.
        assert_eq!(scored("Vec<Vec<Vec<Vec<Vec<String>>>>>"), 210);
        assert_eq!(scored("Option<Vec<Vec<Vec<Vec<Vec<String>>>>>>"), 280);
    }

    #[test]
    fn allows_only_past_the_threshold() {
        let deep: TokenStream = "Option<Vec<Vec<Vec<Vec<Vec<String>>>>>>".parse().unwrap();
        let shallow: TokenStream = "Option<Vec<Vec<String>>>".parse().unwrap();
        assert!(
            allow_type_complexity(&deep)
                .to_string()
                .contains("type_complexity")
        );
        assert!(allow_type_complexity(&shallow).is_empty());
    }
}
