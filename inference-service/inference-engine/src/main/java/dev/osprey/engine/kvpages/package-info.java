/**
 * Off-heap memory of the KV cache: the element types keys and values are stored in ({@link
 * dev.osprey.engine.kvpages.KvType}) and the paged layout ({@link dev.osprey.engine.kvpages.KvPages}) that
 * attention kernels stream. Depends on nothing else of the engine, so the kernels ({@code tensor}), the
 * forward pass and the block manager ({@code kv}) can all see it.
 */
package dev.osprey.engine.kvpages;
