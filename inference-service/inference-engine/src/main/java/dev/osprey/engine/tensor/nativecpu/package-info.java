/**
 * The native CPU backend: kernels in C ({@code src/main/c}), compiled into one shared library per
 * platform that the jar carries under {@code native/<os>-<arch>/}, bound through the FFM API. Java
 * owns memory, threads and bounds: every length and offset is checked here before a downcall, and
 * the C side never allocates or keeps state between calls.
 */
package dev.osprey.engine.tensor.nativecpu;
