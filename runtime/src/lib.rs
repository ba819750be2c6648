//! The agent runtime: topology, inputs, ring buffer, workers and outputs.
