/** Benchmarks of the whole stack through its public API. */
package dev.osprey.standalone.bench;
