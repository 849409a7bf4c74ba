//! How a Rust row type describes itself as a table.
//!
//! The sinks (`sitrep-store`) know nothing about individual tables: they read
//! [`Table::COLUMNS`] for names and types and [`Table::cells`] for values, and
//! build rows back with [`Table::from_cells`]. The [`table!`](crate::table!)
//! macro writes these impls from a plain struct declaration, so a column can't
//! be added to the struct and forgotten in the schema.

use chrono::NaiveDate;
use thiserror::Error;

/// Logical type of a column; each maps to one Parquet/Arrow type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// UTF-8 string, never null.
    Str,
    /// UTF-8 string or null.
    OptStr,
    /// 64-bit signed integer, never null.
    Int,
    /// 64-bit signed integer or null.
    OptInt,
    /// 64-bit float, never null.
    Float,
    /// 64-bit float or null.
    OptFloat,
    /// Boolean, never null.
    Bool,
    /// Calendar date (Arrow `Date32`) or null.
    OptDate,
    /// List of UTF-8 strings (never null; may be empty).
    StrList,
}

impl ColumnType {
    /// Name used in `docs/schema.md` (Arrow/Polars spelling).
    #[must_use]
    pub fn arrow_name(self) -> &'static str {
        match self {
            Self::Str => "string (utf8)",
            Self::OptStr => "string (utf8), nullable",
            Self::Int => "int64",
            Self::OptInt => "int64, nullable",
            Self::Float => "float64",
            Self::OptFloat => "float64, nullable",
            Self::Bool => "bool",
            Self::OptDate => "date32, nullable",
            Self::StrList => "list<string>",
        }
    }
}

/// One column of a table: name, type and a one-line description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name as written to Parquet and CSV.
    pub name: &'static str,
    /// Logical type.
    pub ty: ColumnType,
    /// What the column holds (from the field's doc comment).
    pub doc: &'static str,
}

/// One value of one row, borrowed from the row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// String or null.
    Str(Option<&'a str>),
    /// Integer or null.
    Int(Option<i64>),
    /// Float or null.
    Float(Option<f64>),
    /// Boolean.
    Bool(bool),
    /// Date or null.
    Date(Option<NaiveDate>),
    /// List of strings.
    StrList(&'a [String]),
}

/// One value of one row, owned: what a reader hands to [`Table::from_cells`].
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    /// String or null.
    Str(Option<String>),
    /// Integer or null.
    Int(Option<i64>),
    /// Float or null.
    Float(Option<f64>),
    /// Boolean or null.
    Bool(Option<bool>),
    /// Date or null.
    Date(Option<NaiveDate>),
    /// List of strings (null reads as empty).
    StrList(Vec<String>),
}

/// A stored value did not fit the column's Rust type.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("column `{column}`: expected {expected}, found {found}")]
pub struct CellError {
    /// Column name.
    pub column: &'static str,
    /// What the Rust type wanted.
    pub expected: &'static str,
    /// What was stored.
    pub found: String,
}

/// A Rust type that can be one column's value.
pub trait CellValue: Sized {
    /// The column type this Rust type maps to.
    const TYPE: ColumnType;
    /// Borrow as a cell.
    fn cell(&self) -> Cell<'_>;
    /// Build from a stored cell.
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError>;
}

fn mismatch(column: &'static str, expected: &'static str, cell: &OwnedCell) -> CellError {
    CellError {
        column,
        expected,
        found: format!("{cell:?}"),
    }
}

impl CellValue for String {
    const TYPE: ColumnType = ColumnType::Str;
    fn cell(&self) -> Cell<'_> {
        Cell::Str(Some(self))
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Str(Some(s)) => Ok(s),
            other => Err(mismatch(column, "string", &other)),
        }
    }
}

impl CellValue for Option<String> {
    const TYPE: ColumnType = ColumnType::OptStr;
    fn cell(&self) -> Cell<'_> {
        Cell::Str(self.as_deref())
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Str(s) => Ok(s),
            other => Err(mismatch(column, "string or null", &other)),
        }
    }
}

impl CellValue for i64 {
    const TYPE: ColumnType = ColumnType::Int;
    fn cell(&self) -> Cell<'_> {
        Cell::Int(Some(*self))
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Int(Some(v)) => Ok(v),
            other => Err(mismatch(column, "int64", &other)),
        }
    }
}

impl CellValue for Option<i64> {
    const TYPE: ColumnType = ColumnType::OptInt;
    fn cell(&self) -> Cell<'_> {
        Cell::Int(*self)
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Int(v) => Ok(v),
            other => Err(mismatch(column, "int64 or null", &other)),
        }
    }
}

impl CellValue for f64 {
    const TYPE: ColumnType = ColumnType::Float;
    fn cell(&self) -> Cell<'_> {
        Cell::Float(Some(*self))
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Float(Some(v)) => Ok(v),
            other => Err(mismatch(column, "float64", &other)),
        }
    }
}

impl CellValue for Option<f64> {
    const TYPE: ColumnType = ColumnType::OptFloat;
    fn cell(&self) -> Cell<'_> {
        Cell::Float(*self)
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Float(v) => Ok(v),
            other => Err(mismatch(column, "float64 or null", &other)),
        }
    }
}

impl CellValue for bool {
    const TYPE: ColumnType = ColumnType::Bool;
    fn cell(&self) -> Cell<'_> {
        Cell::Bool(*self)
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Bool(Some(v)) => Ok(v),
            other => Err(mismatch(column, "bool", &other)),
        }
    }
}

impl CellValue for Option<NaiveDate> {
    const TYPE: ColumnType = ColumnType::OptDate;
    fn cell(&self) -> Cell<'_> {
        Cell::Date(*self)
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::Date(v) => Ok(v),
            other => Err(mismatch(column, "date or null", &other)),
        }
    }
}

impl CellValue for Vec<String> {
    const TYPE: ColumnType = ColumnType::StrList;
    fn cell(&self) -> Cell<'_> {
        Cell::StrList(self)
    }
    fn from_owned(column: &'static str, cell: OwnedCell) -> Result<Self, CellError> {
        match cell {
            OwnedCell::StrList(v) => Ok(v),
            other => Err(mismatch(column, "list of strings", &other)),
        }
    }
}

/// A row type that is one output table.
pub trait Table: Sized {
    /// Table name: the file stem of `<name>.parquet` and `<name>.csv`.
    const NAME: &'static str;
    /// Columns in output order.
    const COLUMNS: &'static [Column];
    /// This row's values, in [`Table::COLUMNS`] order.
    fn cells(&self) -> Vec<Cell<'_>>;
    /// Builds a row from values in [`Table::COLUMNS`] order.
    fn from_cells(cells: Vec<OwnedCell>) -> Result<Self, CellError>;
}

/// Declares a table row type: a struct with public fields (each with a doc
/// comment, which becomes the column description) and its [`Table`] impl.
///
/// ```
/// sitrep_core::table! {
///     /// A toy table.
///     Toy = "toy" {
///         /// The name.
///         name: String,
///         /// How many.
///         count: i64,
///     }
/// }
/// use sitrep_core::Table;
/// assert_eq!(Toy::COLUMNS[1].name, "count");
/// assert_eq!(Toy::COLUMNS[1].doc, "How many.");
/// ```
#[macro_export]
macro_rules! table {
    (
        $(#[$meta:meta])*
        $name:ident = $table:literal {
            $(
                #[doc = $doc:literal]
                $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $(
                #[doc = $doc]
                pub $field: $ty,
            )*
        }

        impl $crate::table::Table for $name {
            const NAME: &'static str = $table;
            const COLUMNS: &'static [$crate::table::Column] = &[
                $(
                    $crate::table::Column {
                        name: stringify!($field),
                        ty: <$ty as $crate::table::CellValue>::TYPE,
                        doc: $doc.trim_ascii(),
                    },
                )*
            ];

            fn cells(&self) -> Vec<$crate::table::Cell<'_>> {
                vec![$( $crate::table::CellValue::cell(&self.$field) ),*]
            }

            fn from_cells(
                cells: Vec<$crate::table::OwnedCell>,
            ) -> Result<Self, $crate::table::CellError> {
                let mut cells = cells.into_iter();
                Ok(Self {
                    $(
                        $field: $crate::table::CellValue::from_owned(
                            stringify!($field),
                            cells.next().ok_or($crate::table::CellError {
                                column: stringify!($field),
                                expected: "a value",
                                found: "end of row".to_owned(),
                            })?,
                        )?,
                    )*
                })
            }
        }
    };
}
