//! Tags: each is an API struct, a client accessor and (with more than one
//! tag) a cargo feature; and the webhook payload aliases.

use super::change::{Change, Class, text_changed, type_text};
use crate::ir::Api;

pub fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    for tag in &new.tags {
        let Some(was) = old.tags.iter().find(|t| t.name == tag.name) else {
            let message = format!(
                "added (accessor `{}()`{})",
                tag.accessor,
                if new.tag_features {
                    format!(", feature `{}`", tag.feature)
                } else {
                    String::new()
                }
            );
            out.push(Change::new(
                &tag.name,
                &tag.type_name,
                Class::Minor,
                message,
            ));
            continue;
        };
        let item = &tag.type_name;
        if was.type_name != tag.type_name {
            out.push(Change::new(
                &tag.name,
                item,
                Class::Major,
                format!("was `{}`", was.type_name),
            ));
        }
        if was.accessor != tag.accessor {
            out.push(Change::new(
                &tag.name,
                item,
                Class::Major,
                format!("accessor `{}()` is now `{}()`", was.accessor, tag.accessor),
            ));
        }
        if old.tag_features && new.tag_features && was.feature != tag.feature {
            out.push(Change::new(
                &tag.name,
                item,
                Class::Major,
                format!("cargo feature `{}` is now `{}`", was.feature, tag.feature),
            ));
        }
        if text_changed(was.description.as_deref(), tag.description.as_deref()) {
            out.push(Change::new(&tag.name, item, Class::Patch, "docs changed"));
        }
    }
    for tag in &old.tags {
        if !new.tags.iter().any(|t| t.name == tag.name) {
            out.push(Change::new(
                &tag.name,
                &tag.type_name,
                Class::Major,
                "removed",
            ));
        }
    }
    match (old.tag_features, new.tag_features) {
        // Every tag's feature is in `default`: a build with default
        // features sees everything it saw before.
        (false, true) => out.push(Change::new(
            "Crate",
            "Cargo.toml",
            Class::Minor,
            "gains one cargo feature per tag (all on by default)",
        )),
        (true, false) => out.push(Change::new(
            "Crate",
            "Cargo.toml",
            Class::Major,
            "loses its per-tag cargo features",
        )),
        _ => {}
    }
    for hook in &new.webhooks {
        let item = format!("models::{}", hook.type_name);
        match old.webhooks.iter().find(|w| w.name == hook.name) {
            None => out.push(Change::new("Webhooks", item, Class::Minor, "added")),
            Some(was) => {
                let (a, b) = (type_text(old, &was.payload), type_text(new, &hook.payload));
                if was.type_name != hook.type_name || a != b {
                    out.push(Change::new(
                        "Webhooks",
                        item,
                        Class::Major,
                        format!("was `{}` = `{a}`, now `{b}`", was.type_name),
                    ));
                }
            }
        }
    }
    for hook in &old.webhooks {
        if !new.webhooks.iter().any(|w| w.name == hook.name) {
            let item = format!("models::{}", hook.type_name);
            out.push(Change::new("Webhooks", item, Class::Major, "removed"));
        }
    }
}
