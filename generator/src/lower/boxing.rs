//! Finds the fields that must be boxed: those on a cycle of types that
//! contain each other directly (through `Option` or not). A `Vec` or map
//! already allocates, so it breaks a cycle by itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Marks `boxed` on every field whose type is in the same strongly connected
/// component as its owner.
pub fn box_cycles(defs: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> = defs
        .iter()
        .map(|def| {
            let targets = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
                TypeKind::OneOf(o) => o.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Enum(_) => BTreeSet::new(),
            };
            (def.name.clone(), targets)
        })
        .collect();
    let component = strongly_connected(&edges);
    for def in defs.iter_mut() {
        let own = component.get(&def.name);
        let on_cycle = |ty: &TypeRef| {
            direct(ty).is_some_and(|target| own.is_some() && component.get(&target) == own)
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = on_cycle(&field.ty);
                }
            }
            TypeKind::OneOf(o) => {
                for variant in &mut o.variants {
                    variant.boxed = on_cycle(&variant.ty);
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// The named type a field holds inline, if any.
fn direct(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}

/// Tarjan's algorithm (iterative, so deep type graphs cannot overflow the
/// stack). Returns node → component id, only for nodes on a cycle.
// Tarjan's algorithm over `0..count`: every index used is a node number below
// `count` and every vector has `count` entries, so indexing cannot fail, and
// it reads far better than `get` everywhere.
#[allow(clippy::indexing_slicing)]
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, usize> {
    let nodes: Vec<&String> = edges.keys().collect();
    let position: BTreeMap<&String, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            edges
                .get(*n)
                .map(|t| t.iter().filter_map(|t| position.get(t).copied()).collect())
                .unwrap_or_default()
        })
        .collect();
    let count = nodes.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut result = BTreeMap::new();
    let mut component_id = 0;
    for start in 0..count {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut child)) = work.last_mut() {
            if *child == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = succ[node].get(*child) {
                *child += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut members = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                let self_loop = succ[node].contains(&node);
                if members.len() > 1 || self_loop {
                    for member in members {
                        result.insert(nodes[member].clone(), component_id);
                    }
                    component_id += 1;
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::struct_def as def;

    fn boxed(defs: &[TypeDef]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for d in defs {
            if let TypeKind::Struct(s) = &d.kind {
                for f in &s.fields {
                    if f.boxed {
                        out.push((d.name.clone(), f.name.clone()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn only_cycle_edges_are_boxed() {
        let named = |n: &str| TypeRef::Named(n.to_owned());
        let mut defs = vec![
            def(
                "Node",
                &[("parent", named("Node")), ("meta", named("Meta"))],
            ),
            def("Meta", &[("owner", named("Owner"))]),
            def(
                "Owner",
                &[
                    ("meta", named("Meta")),
                    ("tags", TypeRef::Array(Box::new(named("Node")))),
                ],
            ),
        ];
        box_cycles(&mut defs);
        assert_eq!(
            boxed(&defs),
            vec![
                ("Node".to_owned(), "parent".to_owned()),
                ("Meta".to_owned(), "owner".to_owned()),
                ("Owner".to_owned(), "meta".to_owned()),
            ]
        );
    }

    #[test]
    fn arrays_break_cycles() {
        let named = |n: &str| TypeRef::Named(n.to_owned());
        let mut defs = vec![def(
            "Tree",
            &[("children", TypeRef::Array(Box::new(named("Tree"))))],
        )];
        box_cycles(&mut defs);
        assert!(boxed(&defs).is_empty());
    }
}
