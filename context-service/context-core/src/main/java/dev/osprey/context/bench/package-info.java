/** Retrieval benchmark of the repository index on real code ({@code ./osprey bench retrieval}). */
package dev.osprey.context.bench;
