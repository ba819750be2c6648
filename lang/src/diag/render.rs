//! Renderers: human, short, json and github.
