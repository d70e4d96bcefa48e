//! Doc lines that link a parameter's or body's model types, so a reader of
//! a setter goes from the argument to the type's fields in one click.

use proc_macro2::TokenStream;

use super::doc;
use crate::ir::{Api, TypeRef};

/// "Takes [`models::Account`]." (a link) for every model
/// `ty` names (a type the settings replace is the user's and not linked);
/// nothing when it names none.
pub fn model_links(api: &Api, ty: &TypeRef) -> TokenStream {
    let mut names = Vec::new();
    ty.for_each_named(&mut |id| {
        if let Some(def) = api.def(id)
            && def.custom.replaced_by.is_none()
            && !names.contains(&def.name)
        {
            names.push(def.name.clone());
        }
    });
    if names.is_empty() {
        return TokenStream::new();
    }
    let links: Vec<String> = names
        .iter()
        .map(|n| {
            let bare = n.trim_start_matches("r#");
            // The file imports `models`, so the label is the link.
            format!("[`models::{bare}`]")
        })
        .collect();
    // An empty line first: a paragraph of its own after the spec's prose.
    doc::own(&format!("\nTakes {}.", links.join(", ")))
}
