//! Writing: a generated struct's `Serialize` writes its fields through a
//! [`Writer`].

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON object being written from a generated struct's fields.
///
/// The first error is kept and every later write skipped, so that the
/// generated code is a plain list of calls ending in [`end`](Self::end),
/// which reports it: no `?` per field, each of which would be one more
/// return path for the compiler to check in every struct.
pub struct Writer<S: Serializer> {
    map: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object (an error starting it is reported by
    /// [`end`](Self::end)).
    pub fn new(serializer: S) -> Self {
        Self {
            map: serializer.serialize_map(None),
        }
    }

    /// Writes a property, `null` included (a required property).
    pub fn field<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V) {
        if let Ok(map) = &mut self.map
            && let Err(error) = map.serialize_entry(name, value)
        {
            self.map = Err(error);
        }
    }

    /// Writes a property that is left out when it is `None` (an optional
    /// property: absent and `None` are the same).
    pub fn optional<V: Serialize>(&mut self, name: &'static str, value: &Option<V>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Writes the properties of a struct's map of additional properties.
    pub fn additional<'a, K: Serialize + 'a, V: Serialize + 'a>(
        &mut self,
        properties: impl IntoIterator<Item = (&'a K, &'a V)>,
    ) {
        for (name, value) in properties {
            if let Ok(map) = &mut self.map
                && let Err(error) = map.serialize_entry(name, value)
            {
                self.map = Err(error);
                return;
            }
        }
    }

    /// Ends the object.
    ///
    /// # Errors
    ///
    /// The first error of the serializer or of a value.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map?.end()
    }
}
