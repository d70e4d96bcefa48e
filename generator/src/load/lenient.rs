//! Leniency where a client does not care: links, callbacks, examples,
//! external docs, server variables, security schemes the runtime cannot use
//! and `x-` entries that the typed model cannot hold are dropped with a
//! warning naming the node, instead of making the whole document unreadable.
//! Runs only when the typed parse has failed, so a valid document pays nothing.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Location, Warning, WarningKind, pointer_push};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

struct Pass<'a> {
    locate: &'a dyn Fn(&str) -> Location,
    warnings: Vec<Warning>,
}

/// Drops every node of the lenient kinds that does not parse; returns a
/// warning for each.
pub fn drop_broken(document: &mut Value, locate: &dyn Fn(&str) -> Location) -> Vec<Warning> {
    let mut pass = Pass {
        locate,
        warnings: Vec::new(),
    };
    if let Value::Object(root) = document {
        pass.root(root);
    }
    pass.warnings
}

impl Pass<'_> {
    /// Keeps `map[key]` if it parses as `T`; otherwise removes it and warns.
    fn keep<T: DeserializeOwned>(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        at: &str,
        what: &str,
        kind: WarningKind,
    ) -> bool {
        let Some(value) = map.get(key) else {
            return false;
        };
        let here = pointer_push(at, key);
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => true,
            Err(err) => {
                let inner = super::parse_error::to_pointer(err.path());
                self.warnings.push(Warning {
                    kind,
                    location: (self.locate)(&format!("{here}{inner}")),
                    message: format!(
                        "{what} is ignored: {}; a client does not need it",
                        err.inner()
                    ),
                });
                map.remove(key);
                false
            }
        }
    }

    /// Keeps the entries of the mapping `map[key]` that parse as `T`.
    fn keep_each<T: DeserializeOwned>(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        at: &str,
        what: &str,
        kind: WarningKind,
    ) {
        self.entries(map, key, at, |p, items, name, at| {
            p.keep::<T>(items, name, at, what, kind);
        });
    }

    /// Each entry of `map[key]` (a mapping) through `f`.
    fn entries(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        at: &str,
        mut f: impl FnMut(&mut Self, &mut Map<String, Value>, &str, &str),
    ) {
        if let Some(Value::Object(items)) = map.get_mut(key) {
            let here = pointer_push(at, key);
            let names: Vec<String> = items.keys().cloned().collect();
            for name in names {
                f(self, items, &name, &here);
            }
        }
    }

    /// Each object in `map[key]` (a list or a mapping) through `f`.
    fn objects(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        at: &str,
        mut f: impl FnMut(&mut Self, &mut Map<String, Value>, &str),
    ) {
        let here = pointer_push(at, key);
        match map.get_mut(key) {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let Value::Object(item) = item {
                        f(self, item, &pointer_push(&here, &i.to_string()));
                    }
                }
            }
            Some(Value::Object(items)) => {
                for (name, item) in items.iter_mut() {
                    if let Value::Object(item) = item {
                        f(self, item, &pointer_push(&here, name));
                    }
                }
            }
            _ => {}
        }
    }

    fn root(&mut self, root: &mut Map<String, Value>) {
        self.common(root, "");
        self.objects(root, "tags", "", |p, tag, at| {
            p.docs(tag, at);
            // Only the crate's docs read it; a `$ref` to prose is not followed.
            p.keep::<String>(
                tag,
                "description",
                at,
                "a tag `description` that is not text",
                WarningKind::TagDescription,
            );
        });
        for section in ["paths", "webhooks", "x-webhooks"] {
            self.objects(root, section, "", Self::path_item);
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components, "/components");
        }
    }

    /// `externalDocs` and `servers`, which many objects have.
    fn common(&mut self, map: &mut Map<String, Value>, at: &str) {
        self.docs(map, at);
        if let Some(Value::Array(servers)) = map.get_mut("servers") {
            let here = pointer_push(at, "servers");
            for (i, server) in servers.iter_mut().enumerate() {
                if let Value::Object(server) = server {
                    let at = pointer_push(&here, &i.to_string());
                    self.keep_each::<openapiv3::ServerVariable>(
                        server,
                        "variables",
                        &at,
                        "a server variable that is not valid",
                        WarningKind::ServerVariable,
                    );
                }
            }
        }
    }

    fn docs(&mut self, map: &mut Map<String, Value>, at: &str) {
        self.keep::<openapiv3::ExternalDocumentation>(
            map,
            "externalDocs",
            at,
            "`externalDocs` that is not valid",
            WarningKind::ExternalDocs,
        );
    }

    fn path_item(&mut self, item: &mut Map<String, Value>, at: &str) {
        self.common(item, at);
        self.parameters(item, at);
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(*method) {
                self.operation(op, &pointer_push(at, method));
            }
        }
    }

    fn parameters(&mut self, map: &mut Map<String, Value>, at: &str) {
        self.objects(map, "parameters", at, |p, param, at| {
            p.examples(param, at);
            p.objects(param, "content", at, Self::media);
        });
    }

    fn operation(&mut self, op: &mut Map<String, Value>, at: &str) {
        self.common(op, at);
        self.parameters(op, at);
        if let Some(Value::Object(body)) = op.get_mut("requestBody") {
            let at = pointer_push(at, "requestBody");
            self.objects(body, "content", &at, Self::media);
        }
        self.objects(op, "responses", at, Self::response);
        self.callbacks(op, at);
    }

    fn callbacks(&mut self, map: &mut Map<String, Value>, at: &str) {
        self.keep_each::<openapiv3::ReferenceOr<openapiv3::Callback>>(
            map,
            "callbacks",
            at,
            "a callback that is not valid",
            WarningKind::Callback,
        );
    }

    fn response(&mut self, response: &mut Map<String, Value>, at: &str) {
        self.objects(response, "headers", at, |p, header, at| {
            p.examples(header, at);
        });
        self.objects(response, "content", at, Self::media);
        self.keep_each::<openapiv3::ReferenceOr<openapiv3::Link>>(
            response,
            "links",
            at,
            "a link that is not valid",
            WarningKind::Link,
        );
    }

    fn media(&mut self, media: &mut Map<String, Value>, at: &str) {
        self.examples(media, at);
        if let Some(Value::Object(schema)) = media.get_mut("schema") {
            self.schema(schema, &pointer_push(at, "schema"));
        }
        self.objects(media, "encoding", at, |p, encoding, at| {
            p.objects(encoding, "headers", at, |p, header, at| {
                p.examples(header, at)
            });
        });
    }

    fn examples(&mut self, map: &mut Map<String, Value>, at: &str) {
        self.keep_each::<openapiv3::ReferenceOr<openapiv3::Example>>(
            map,
            "examples",
            at,
            "an example that is not valid",
            WarningKind::Example,
        );
    }

    /// A schema's own `externalDocs`, and its sub-schemas'.
    fn schema(&mut self, schema: &mut Map<String, Value>, at: &str) {
        self.docs(schema, at);
        for key in ["items", "not", "additionalProperties"] {
            if let Some(Value::Object(child)) = schema.get_mut(key) {
                self.schema(child, &pointer_push(at, key));
            }
        }
        for key in ["properties", "allOf", "oneOf", "anyOf"] {
            self.objects(schema, key, at, Self::schema);
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>, at: &str) {
        self.objects(components, "schemas", at, Self::schema);
        self.objects(components, "responses", at, Self::response);
        self.objects(components, "parameters", at, |p, param, at| {
            p.examples(param, at);
            p.objects(param, "content", at, Self::media);
        });
        self.objects(components, "requestBodies", at, |p, body, at| {
            p.objects(body, "content", at, Self::media);
        });
        self.objects(components, "headers", at, |p, header, at| {
            p.examples(header, at);
        });
        self.examples(components, at);
        self.keep_each::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(
            components,
            "securitySchemes",
            at,
            "a security scheme this generator does not know",
            WarningKind::SecurityScheme,
        );
        self.keep_each::<openapiv3::ReferenceOr<openapiv3::Link>>(
            components,
            "links",
            at,
            "a link that is not valid",
            WarningKind::Link,
        );
        self.callbacks(components, at);
    }
}
