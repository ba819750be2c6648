//! Every built-in function, one file each, registered once in `functions!`.
//!
//! Keep the list alphabetical. The macro declares the modules and builds
//! [`all`], which every consumer (checker, engines, docs, tests) reads.

use crate::function::Function;

macro_rules! functions {
    ($( $module:ident :: $ty:ident ),* $(,)?) => {
        $( pub mod $module; )*

        /// Every built-in function, in alphabetical order.
        pub fn all() -> &'static [&'static dyn Function] {
            &[ $( &$module::$ty, )* ]
        }
    };
}

functions! {
    upcase::Upcase,
}
