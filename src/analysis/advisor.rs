//! Index advice from a workload of queries.
