//! Writing: a generated struct's `Serialize` writes its fields through a
//! [`Writer`].

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON object being written from a generated struct's fields.
pub struct Writer<S: Serializer> {
    map: S::SerializeMap,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        Ok(Self {
            map: serializer.serialize_map(None)?,
        })
    }

    /// Writes a property, `null` included (a required property).
    ///
    /// # Errors
    ///
    /// The value's or the serializer's.
    pub fn field<V: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
    ) -> Result<(), S::Error> {
        self.map.serialize_entry(name, value)
    }

    /// Writes a property that is left out when it is `None` (an optional
    /// property: absent and `None` are the same).
    ///
    /// # Errors
    ///
    /// The value's or the serializer's.
    pub fn optional<V: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<V>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => self.map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Writes the properties of a struct's map of additional properties.
    ///
    /// # Errors
    ///
    /// A value's or the serializer's.
    pub fn additional<'a, K: Serialize + 'a, V: Serialize + 'a>(
        &mut self,
        properties: impl IntoIterator<Item = (&'a K, &'a V)>,
    ) -> Result<(), S::Error> {
        properties
            .into_iter()
            .try_for_each(|(name, value)| self.map.serialize_entry(name, value))
    }

    /// Ends the object.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map.end()
    }
}
