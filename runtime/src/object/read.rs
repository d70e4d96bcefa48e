//! Reading: [`decode`] drives a generated struct's [`Object::read`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A generated struct that reads itself from the properties of a JSON object.
pub trait Object: Sized {
    /// The struct's name, for "expected struct …" messages.
    const NAME: &'static str;

    /// The index of a named property (in the order the schema declares
    /// them), or `None` for a name the schema does not have: a `match` on
    /// the name, which the compiler turns into a switch on its length and a
    /// comparison or two.
    fn field(name: &str) -> Option<usize>;

    /// Reads the struct from the object's properties.
    ///
    /// # Errors
    ///
    /// A property's value that does not decode, a property given twice, a
    /// required property missing, or the input's own errors.
    fn read<'de, A: MapAccess<'de>>(properties: Properties<'de, A, Self>)
    -> Result<Self, A::Error>;
}

/// Decodes `T` from a JSON object: the body of a generated struct's
/// `Deserialize::deserialize`.
///
/// # Errors
///
/// Anything but an object, and whatever [`Object::read`] reports.
pub fn decode<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Properties {
            map,
            marker: PhantomData,
        })
    }
}

/// What `Properties` is generic over without holding: the input's lifetime
/// and the struct being read.
type Markers<'de, T> = (&'de (), fn() -> T);

/// The properties of the object being read, in the order they arrive.
pub struct Properties<'de, A, T> {
    map: A,
    marker: PhantomData<Markers<'de, T>>,
}

impl<'de, A: MapAccess<'de>, T: Object> Properties<'de, A, T> {
    /// The index ([`Object::field`]) of the next named property, or `None`
    /// at the end of the object. Properties not named are skipped.
    ///
    /// # Errors
    ///
    /// The input's errors.
    pub fn next_field(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            match self.map.next_key_seed(FieldIndex::<T>(PhantomData))? {
                None => return Ok(None),
                Some(Some(index)) => return Ok(Some(index)),
                Some(None) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }

    /// Like [`next_field`](Self::next_field) for a struct that keeps the
    /// properties not named in its schema: those come back as `Err(name)`,
    /// and their value is read next with [`additional`](Self::additional).
    ///
    /// # Errors
    ///
    /// The input's errors.
    pub fn next_field_or_other(&mut self) -> Result<Option<Result<usize, String>>, A::Error> {
        self.map.next_key_seed(FieldOrName::<T>(PhantomData))
    }

    /// Reads the value of the current property into `slot`.
    ///
    /// # Errors
    ///
    /// The value does not decode as `V`, or the property was already given
    /// (serde's "duplicate field" error).
    pub fn value<V: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<V>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Reads the value of the current property, one not named in the
    /// schema, into the struct's map of additional properties.
    ///
    /// # Errors
    ///
    /// The value does not decode as `V`.
    pub fn additional<V: Deserialize<'de>>(
        &mut self,
        map: &mut impl Extend<(String, V)>,
        name: String,
    ) -> Result<(), A::Error> {
        let value = self.map.next_value()?;
        map.extend([(name, value)]);
        Ok(())
    }

    /// Serde's "missing field" error for the first required property, of
    /// `(name, missing)`, that is missing.
    pub fn missing(&self, required: &[(&'static str, bool)]) -> A::Error {
        match required.iter().find(|(_, missing)| *missing) {
            Some((name, _)) => de::Error::missing_field(name),
            None => de::Error::custom("a required property is missing"),
        }
    }
}

/// Reads a property name as its index in `T`'s properties.
struct FieldIndex<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> DeserializeSeed<'de> for FieldIndex<T> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for FieldIndex<T> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(T::field(name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        Ok(std::str::from_utf8(name).ok().and_then(T::field))
    }
}

/// Reads a property name as its index in `T`'s properties, or as itself.
struct FieldOrName<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> DeserializeSeed<'de> for FieldOrName<T> {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for FieldOrName<T> {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(T::field(name).ok_or_else(|| name.to_owned()))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        match T::field(&name) {
            Some(index) => Ok(Ok(index)),
            None => Ok(Err(name)),
        }
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(de::Error::invalid_value(
                de::Unexpected::Bytes(name),
                &"a UTF-8 property name",
            )),
        }
    }
}
