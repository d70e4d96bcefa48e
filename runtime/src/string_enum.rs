//! String enums of generated models: one macro for the impls instead of the
//! same five printed for each of a big client's hundreds of enums.
//!
//! Each enum keeps its known values as variants and any other value in
//! `Unknown(String)`, so a value the server adds later still decodes and is
//! sent back unchanged.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};

/// The impls of a string enum, given its known variants and their wire
/// values: `as_str`, `From<&str>`, `FromStr` (which never fails), `Display`,
/// serde impls that write and read the wire value, and `PartialEq`, `Eq`,
/// `Hash`, `PartialOrd` and `Ord` on the wire value. The enum itself is
/// declared beside it (deriving `Debug` and `Clone`), with an
/// `Unknown(String)` variant for any other value.
///
/// Comparing wire values rather than variants (what the derives compare)
/// makes `Unknown("AGGREGATED")`, which only code can build, equal to
/// `Aggregated`, and orders values alphabetically, so the order does not
/// change when the spec lists its values differently; it is also five
/// one-line bodies instead of five matches per enum for the compiler.
///
/// ```
/// /// How an account came to be.
/// #[derive(Debug, Clone)]
/// pub enum Origin {
///     /// `AGGREGATED`
///     Aggregated,
///     /// `PROVISIONED`
///     Provisioned,
///     /// Any other value, kept as received.
///     Unknown(String),
/// }
/// isc_runtime::string_enum!(Origin { Aggregated = "AGGREGATED", Provisioned = "PROVISIONED" });
///
/// let origin: Origin = "FEDERATED".parse().unwrap_or(Origin::Aggregated);
/// assert_eq!(origin, Origin::Unknown("FEDERATED".to_owned()));
/// assert_eq!(Origin::from("PROVISIONED").as_str(), "PROVISIONED");
/// assert_eq!(Origin::Aggregated.to_string(), "AGGREGATED");
/// assert_eq!(Origin::Unknown("AGGREGATED".to_owned()), Origin::Aggregated);
/// assert!(Origin::Aggregated < Origin::Unknown("FEDERATED".to_owned()));
/// assert!(Origin::Unknown("FEDERATED".to_owned()) < Origin::Provisioned);
/// let values: std::collections::HashSet<Origin> =
///     [Origin::Aggregated, Origin::Unknown("AGGREGATED".to_owned())].into();
/// assert_eq!(values.len(), 1);
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $( $variant:ident = $value:literal ),* $(,)? }) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::deserialize_string_enum(deserializer)
            }
        }
    };
}

/// Reads a string and converts it with `From<&str>` (used by [`string_enum!`]):
/// borrowed from the input when it can be, so a known value allocates nothing.
#[doc(hidden)]
pub fn deserialize_string_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    let value = Cow::<'de, str>::deserialize(deserializer)?;
    Ok(T::from(value.as_ref()))
}
