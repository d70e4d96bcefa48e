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
            seen: Seen::default(),
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
    seen: Seen,
    marker: PhantomData<Markers<'de, T>>,
}

impl<'de, A: MapAccess<'de>, T: Object> Properties<'de, A, T> {
    /// The index ([`Object::field`]) of the next named property, or `None`
    /// at the end of the object. Properties not named are skipped.
    ///
    /// # Errors
    ///
    /// The input's errors, and serde's "duplicate field" error for a named
    /// property given a second time.
    pub fn next_field(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            let key = self.map.next_key_seed(FieldIndex::<T> {
                seen: &mut self.seen,
                marker: PhantomData,
            })?;
            match key {
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
    /// As for [`next_field`](Self::next_field).
    pub fn next_field_or_other(&mut self) -> Result<Option<Result<usize, String>>, A::Error> {
        self.map.next_key_seed(FieldOrName::<T> {
            seen: &mut self.seen,
            marker: PhantomData,
        })
    }

    /// Reads the value of the current property, a required one, into its
    /// slot (`None` until then).
    ///
    /// # Errors
    ///
    /// The value does not decode as `V`.
    pub fn value<V: Deserialize<'de>>(&mut self, slot: &mut Option<V>) -> Result<(), A::Error> {
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Reads the value of the current property, one that may be absent or
    /// `null`, into the field itself: `null` is `None`, as absent is.
    ///
    /// # Errors
    ///
    /// The value is neither `null` nor decodes as `V`.
    pub fn optional<V: Deserialize<'de>>(&mut self, field: &mut Option<V>) -> Result<(), A::Error> {
        *field = self.map.next_value()?;
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

    /// Serde's "missing field" error for the first of the `required`
    /// property names that was not given.
    pub fn missing(&self, required: &[&'static str]) -> A::Error {
        let absent = required
            .iter()
            .find(|name| T::field(name).is_none_or(|index| !self.seen.contains(index)));
        match absent {
            Some(name) => de::Error::missing_field(name),
            None => de::Error::custom("a required property is missing"),
        }
    }
}

/// Which named properties have been given, by index: the first 128 in a
/// word of their own, so that no struct but a huge one allocates.
#[derive(Default)]
struct Seen {
    first: u128,
    rest: Vec<u128>,
}

impl Seen {
    /// Marks `index` as given; `false` if it already was.
    fn insert(&mut self, index: usize) -> bool {
        let mask = 1u128 << (index % 128);
        let word = match index.checked_sub(128) {
            None => &mut self.first,
            Some(beyond) => {
                let at = beyond / 128;
                if self.rest.len() <= at {
                    self.rest.resize(at.saturating_add(1), 0);
                }
                match self.rest.get_mut(at) {
                    Some(word) => word,
                    None => return true,
                }
            }
        };
        let fresh = *word & mask == 0;
        *word |= mask;
        fresh
    }

    fn contains(&self, index: usize) -> bool {
        let word = match index.checked_sub(128) {
            None => Some(&self.first),
            Some(beyond) => self.rest.get(beyond / 128),
        };
        word.is_some_and(|word| word & (1u128 << (index % 128)) != 0)
    }
}

/// Serde's "duplicate field" message (its `Error::duplicate_field` wants a
/// `&'static str`; the name here is the input's).
fn duplicate<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("duplicate field `{name}`"))
}

/// Reads a property name as its index in `T`'s properties, marking it given.
struct FieldIndex<'s, T> {
    seen: &'s mut Seen,
    marker: PhantomData<fn() -> T>,
}

impl<'de, T: Object> DeserializeSeed<'de> for FieldIndex<'_, T> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for FieldIndex<'_, T> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        match T::field(name) {
            Some(index) if !self.seen.insert(index) => Err(duplicate(name)),
            index => Ok(index),
        }
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Ok(None),
        }
    }
}

/// Reads a property name as its index in `T`'s properties (marking it
/// given), or as itself.
struct FieldOrName<'s, T> {
    seen: &'s mut Seen,
    marker: PhantomData<fn() -> T>,
}

impl<'de, T: Object> DeserializeSeed<'de> for FieldOrName<'_, T> {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> Visitor<'_> for FieldOrName<'_, T> {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        match T::field(name) {
            Some(index) if !self.seen.insert(index) => Err(duplicate(name)),
            Some(index) => Ok(Ok(index)),
            None => Ok(Err(name.to_owned())),
        }
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        match T::field(&name) {
            Some(index) if !self.seen.insert(index) => Err(duplicate(&name)),
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

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn seen_marks_each_index_once_past_the_first_word() {
        let mut seen = Seen::default();
        for index in [0, 1, 127, 128, 129, 255, 256, 1000] {
            assert!(!seen.contains(index));
            assert!(seen.insert(index), "{index} is new");
            assert!(!seen.insert(index), "{index} is a duplicate");
            assert!(seen.contains(index));
        }
        for index in [2, 126, 130, 254, 257, 999, 1001, 5000] {
            assert!(!seen.contains(index), "{index} was never given");
        }
    }
}
