//! Which tags' operations reach each named type, through any number of
//! other types. A type's cargo feature gate and the `list` command's tag
//! column both come from this.

use super::Graph;
use crate::ir::{Api, TypeId, visit};

/// Fills [`TypeDef::reached_by`](crate::ir::TypeDef::reached_by).
pub fn record(api: &mut Api, graph: &Graph) {
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); api.types.len()];
    let mut seen = vec![usize::MAX; api.types.len()];
    for (tag_index, tag) in api.tags.iter().enumerate() {
        let mut pending: Vec<TypeId> = Vec::new();
        for op in &tag.operations {
            visit::operation_refs(op, |ty| ty.for_each_named(&mut |id| pending.push(id)));
        }
        while let Some(id) = pending.pop() {
            // `seen` holds the last tag that visited each type.
            match seen.get_mut(id.0) {
                Some(last) if *last != tag_index => *last = tag_index,
                _ => continue,
            }
            if let Some(tags) = reached.get_mut(id.0) {
                tags.push(tag_index);
            }
            if let Some(next) = graph.uses.get(id.0) {
                pending.extend(next.iter().copied());
            }
        }
    }
    for (def, tags) in api.types.iter_mut().zip(reached) {
        def.reached_by = tags;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::lookup::{api_of, struct_def};
    use crate::ir::{Tag, TypeRef};

    #[test]
    fn reach_follows_types_through_containers() {
        let named = |i| TypeRef::Named(TypeId(i));
        // A → Vec<B>; C unreached.
        let mut api = api_of(vec![
            struct_def("A", &[("b", TypeRef::Array(Box::new(named(1))))]),
            struct_def("B", &[]),
            struct_def("C", &[]),
        ]);
        let mut op = crate::ir::lookup::operation_returning(named(0));
        op.operation_id = "get".to_owned();
        api.tags.push(Tag {
            name: "T".to_owned(),
            module: "t".to_owned(),
            type_name: "TApi".to_owned(),
            accessor: "t".to_owned(),
            feature: "t".to_owned(),
            description: None,
            operations: vec![op],
        });
        let graph = Graph::of(&api);
        record(&mut api, &graph);
        let reached: Vec<&[usize]> = api.types.iter().map(|d| d.reached_by.as_slice()).collect();
        assert_eq!(reached, vec![&[0][..], &[0][..], &[][..]]);
    }
}
