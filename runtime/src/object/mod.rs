//! Generated model structs as JSON objects, without serde's derives.
//!
//! `#[derive(Deserialize)]` prints, for every struct, a field enum with three
//! visitor methods, a sequence visitor and a map visitor with a duplicate and
//! a missing check per field; `#[derive(Serialize)]` counts the fields it
//! will write before writing them. In a client with a thousand models that
//! is most of what the compiler checks. Here the loop, the property lookup,
//! skipping unknown properties and the error messages are written once; a
//! generated struct only says which index a property name has
//! ([`Object::field`]), which slot each index goes to ([`Object::read`]), and
//! which fields it writes ([`Writer`]); its serde impls call [`decode`] and
//! [`Writer::new`].
//!
//! What is read and written is what the derives read and write, with two
//! differences: a JSON array is not accepted in place of an object (the
//! derive reads one positionally, which no API means), and properties not
//! named in the schema go straight into a struct's map of additional
//! properties, without being buffered first as `#[serde(flatten)]` does.

mod read;
mod write;

pub use read::{Object, Properties, decode};
pub use write::Writer;
