//! Cycles of inline containment. A type that holds itself (directly or
//! through others, `Option` or not) has no size until one field on the cycle
//! is boxed; a `Vec` or map already allocates, so it breaks a cycle by
//! itself. And an alias chain that comes back to its start never reaches a
//! value at all, which no box can help.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Graph;
use crate::error::{Error, Location, Result};
use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Marks `boxed` on every field and variant whose type is in the same
/// strongly connected component of [`Graph::inline`] as its owner.
pub fn box_cycles(api: &mut Api, graph: &Graph) {
    let component = components_on_cycles(graph);
    let on_cycle = |owner: usize, ty: &TypeRef| {
        let own = component.get(owner).copied().flatten();
        own.is_some()
            && ty
                .direct()
                .is_some_and(|t| component.get(t.0).copied().flatten() == own)
    };
    for (index, def) in api.types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = on_cycle(index, &field.ty);
                }
            }
            TypeKind::OneOf(o) => {
                for variant in &mut o.variants {
                    variant.boxed = on_cycle(index, &variant.ty);
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Type index → id of its strongly connected component, for the types on a
/// cycle (a component of several, or one that holds itself).
fn components_on_cycles(graph: &Graph) -> Vec<Option<usize>> {
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(graph.inline.len(), 0);
    let nodes: Vec<NodeIndex> = graph.inline.iter().map(|_| g.add_node(())).collect();
    for (from, targets) in graph.inline.iter().enumerate() {
        for target in targets {
            if let (Some(&a), Some(&b)) = (nodes.get(from), nodes.get(target.0)) {
                g.update_edge(a, b, ());
            }
        }
    }
    let mut component = vec![None; graph.inline.len()];
    // petgraph's Tarjan is iterative: deep type graphs cannot overflow the stack.
    for (id, members) in tarjan_scc(&g).into_iter().enumerate() {
        let cyclic = members.len() > 1
            || members
                .first()
                .is_some_and(|&n| g.find_edge(n, n).is_some());
        if cyclic {
            for member in members {
                if let Some(slot) = component.get_mut(member.index()) {
                    *slot = Some(id);
                }
            }
        }
    }
    component
}

/// `type A = B; type B = A;` cannot compile: an error naming the chain.
pub fn check_alias_cycles(api: &Api) -> Result<()> {
    let alias_of = |id: TypeId| match api.def(id).map(|d| &d.kind) {
        Some(TypeKind::Alias(TypeRef::Named(target))) => Some(*target),
        _ => None,
    };
    for (index, def) in api.types.iter().enumerate() {
        let start = TypeId(index);
        let mut chain = vec![start];
        let mut current = start;
        while let Some(next) = alias_of(current) {
            if next == start {
                chain.push(next);
                let names: Vec<&str> = chain.iter().map(|id| api.type_name(*id)).collect();
                return Err(Error::RefCycle {
                    location: Location::new(&def.origin.file, def.origin.pointer.clone()),
                    chain: format!(
                        "{} (each only refers to the next; none defines a value)",
                        names.join(" -> ")
                    ),
                });
            }
            if chain.contains(&next) {
                break;
            }
            chain.push(next);
            current = next;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::lookup::{api_of, struct_def as def};

    fn boxed(api: &Api) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for d in &api.types {
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

    fn named(index: usize) -> TypeRef {
        TypeRef::Named(TypeId(index))
    }

    #[test]
    fn only_cycle_edges_are_boxed() {
        // Sorted by name: Meta 0, Node 1, Owner 2.
        let mut api = api_of(vec![
            def("Meta", &[("owner", named(2))]),
            def("Node", &[("parent", named(1)), ("meta", named(0))]),
            def(
                "Owner",
                &[
                    ("meta", named(0)),
                    ("tags", TypeRef::Array(Box::new(named(1)))),
                ],
            ),
        ]);
        let graph = Graph::of(&api);
        box_cycles(&mut api, &graph);
        assert_eq!(
            boxed(&api),
            vec![
                ("Meta".to_owned(), "owner".to_owned()),
                ("Node".to_owned(), "parent".to_owned()),
                ("Owner".to_owned(), "meta".to_owned()),
            ]
        );
    }

    #[test]
    fn arrays_break_cycles() {
        let mut api = api_of(vec![def(
            "Tree",
            &[("children", TypeRef::Array(Box::new(named(0))))],
        )]);
        let graph = Graph::of(&api);
        box_cycles(&mut api, &graph);
        assert!(boxed(&api).is_empty());
    }

    #[test]
    fn alias_cycles_are_errors() {
        let mut a = def("A", &[]);
        a.kind = TypeKind::Alias(named(1));
        let mut b = def("B", &[]);
        b.kind = TypeKind::Alias(named(0));
        let err = check_alias_cycles(&api_of(vec![a, b])).map(|()| "no error".to_owned());
        assert!(
            matches!(&err, Err(Error::RefCycle { chain, .. }) if chain.starts_with("A -> B -> A")),
            "{err:?}"
        );
    }
}
