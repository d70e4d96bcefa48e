//! Error enums that several operations declare identically become one enum
//! (`src/errors/`) behind each operation's alias. A big API repeats a handful
//! of error shapes across hundreds of operations (SailPoint's beta root: 559
//! operations, 36 shapes); printing each once is that much less for every
//! downstream build to compile. Runs after settings, on the operations that
//! are kept, so a subset shares among its own operations only.

use std::collections::BTreeMap;

use heck::ToSnakeCase;

use crate::ir::{Api, Case, SharedErrors, StatusMatch};

/// Groups the operations by their error cases and names a shared enum for
/// every group of two or more.
pub fn share(api: &mut Api) {
    let mut groups: Vec<SharedErrors> = Vec::new();
    for (t, tag) in api.tags.iter().enumerate() {
        for op in &tag.operations {
            let group = match groups.iter_mut().find(|g| g.cases == op.errors) {
                Some(group) => group,
                None => {
                    groups.push(SharedErrors {
                        name: String::new(),
                        module: String::new(),
                        cases: op.errors.clone(),
                        operations: Vec::new(),
                        tags: Vec::new(),
                    });
                    match groups.last_mut() {
                        Some(group) => group,
                        None => continue,
                    }
                }
            };
            group.operations.push(op.operation_id.clone());
            if !group.tags.contains(&t) {
                group.tags.push(t);
            }
        }
    }
    groups.retain(|group| group.operations.len() > 1);
    // The most used shape of a status list keeps the bare name; the others
    // get a letter. Ties go to the first met, so names are stable.
    groups.sort_by_key(|group| std::cmp::Reverse(group.operations.len()));
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for group in &mut groups {
        let base = base_name(&group.cases);
        let count = taken.entry(base.clone()).or_insert(0);
        group.name = format!("{base}{}", suffix(*count));
        group.module = group.name.to_snake_case();
        *count = count.saturating_add(1);
    }
    for op in api.tags.iter_mut().flat_map(|tag| &mut tag.operations) {
        op.shared_error = groups
            .iter()
            .find(|group| group.cases == op.errors)
            .map(|group| group.name.clone());
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    api.shared_errors = groups;
}

/// `Status400_404_500`, `Status400to499_500`, `Status404OrDefault`,
/// `NoErrorResponses`: the statuses in declaration order, in a form rustc's
/// `non_camel_case_types` accepts (an underscore only between digits).
fn base_name(cases: &[Case]) -> String {
    if cases.is_empty() {
        return "NoErrorResponses".to_owned();
    }
    let mut codes = Vec::new();
    let mut default = false;
    for case in cases {
        match case.status {
            StatusMatch::Code(code) => codes.push(code.to_string()),
            StatusMatch::Range(class) => codes.push(format!("{class}00to{class}99")),
            StatusMatch::Default => default = true,
        }
    }
    match (codes.is_empty(), default) {
        (true, _) => "StatusDefault".to_owned(),
        (false, false) => format!("Status{}", codes.join("_")),
        (false, true) => format!("Status{}OrDefault", codes.join("_")),
    }
}

/// `""`, then `B`, `C`, … `Z`, then `Z2`, `Z3`, …
fn suffix(n: usize) -> String {
    const LETTERS: &[u8] = b"BCDEFGHIJKLMNOPQRSTUVWXYZ";
    match n.checked_sub(1) {
        None => String::new(),
        Some(i) => match LETTERS.get(i) {
            Some(letter) => char::from(*letter).to_string(),
            None => format!("Z{}", i.saturating_sub(LETTERS.len()).saturating_add(2)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Payload, Tag, TypeRef};
    use crate::ir::{api_of, operation_returning};

    fn case(status: StatusMatch, doc: &str) -> Case {
        Case {
            status,
            variant: "V".to_owned(),
            payload: Payload::Json(TypeRef::String),
            doc: Some(doc.to_owned()),
            boxed: false,
        }
    }

    fn op(id: &str, errors: Vec<Case>) -> crate::ir::Operation {
        let mut op = operation_returning(TypeRef::String);
        op.operation_id = id.to_owned();
        op.errors = errors;
        op
    }

    fn tag(operations: Vec<crate::ir::Operation>) -> Tag {
        Tag {
            name: "T".to_owned(),
            module: "t".to_owned(),
            type_name: "TApi".to_owned(),
            accessor: "t".to_owned(),
            feature: "t".to_owned(),
            description: None,
            operations,
        }
    }

    #[test]
    fn identical_errors_share_one_enum_and_a_lone_shape_keeps_its_own() {
        let common = vec![
            case(StatusMatch::Code(400), "bad"),
            case(StatusMatch::Code(500), "oops"),
        ];
        let reworded = vec![
            case(StatusMatch::Code(400), "bad!"),
            case(StatusMatch::Code(500), "oops"),
        ];
        let mut api = api_of(Vec::new());
        api.tags = vec![
            tag(vec![
                op("a", common.clone()),
                op("b", reworded.clone()),
                op("c", Vec::new()),
            ]),
            tag(vec![
                op("d", common.clone()),
                op("e", reworded),
                op("f", common),
                op("g", Vec::new()),
                op(
                    "h",
                    vec![
                        case(StatusMatch::Range(4), "x"),
                        case(StatusMatch::Default, "y"),
                    ],
                ),
            ]),
        ];
        share(&mut api);
        let names: Vec<(&str, &[String], &[usize])> = api
            .shared_errors
            .iter()
            .map(|g| (g.name.as_str(), g.operations.as_slice(), g.tags.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "NoErrorResponses",
                    &["c".to_owned(), "g".to_owned()][..],
                    &[0, 1][..]
                ),
                (
                    "Status400_500",
                    &["a".to_owned(), "d".to_owned(), "f".to_owned()][..],
                    &[0, 1][..]
                ),
                (
                    "Status400_500B",
                    &["b".to_owned(), "e".to_owned()][..],
                    &[0, 1][..]
                ),
            ]
        );
        let of = |t: usize, o: usize| api.tags[t].operations[o].shared_error.as_deref();
        assert_eq!(of(0, 0), Some("Status400_500"));
        assert_eq!(of(0, 1), Some("Status400_500B"));
        assert_eq!(of(1, 3), Some("NoErrorResponses"));
        assert_eq!(
            of(1, 4),
            None,
            "a shape only one operation has stays its own enum"
        );
        let modules: Vec<&str> = api
            .shared_errors
            .iter()
            .map(|g| g.module.as_str())
            .collect();
        assert_eq!(
            modules,
            ["no_error_responses", "status400_500", "status400_500b"]
        );
    }

    #[test]
    fn names_say_the_statuses() {
        let named = |cases: Vec<Case>| base_name(&cases);
        assert_eq!(
            named(vec![
                case(StatusMatch::Range(4), ""),
                case(StatusMatch::Code(500), "")
            ]),
            "Status400to499_500"
        );
        assert_eq!(
            named(vec![
                case(StatusMatch::Code(404), ""),
                case(StatusMatch::Default, "")
            ]),
            "Status404OrDefault"
        );
        assert_eq!(named(vec![case(StatusMatch::Default, "")]), "StatusDefault");
        assert_eq!(suffix(0), "");
        assert_eq!(suffix(1), "B");
        assert_eq!(suffix(25), "Z");
        assert_eq!(suffix(26), "Z2");
    }
}
