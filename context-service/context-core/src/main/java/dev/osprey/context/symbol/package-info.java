/**
 * The symbol index: each file's definitions and imports read from its tree-sitter parse, imports resolved to
 * repository files per language, and names used in a file tied to the definitions they refer to.
 */
package dev.osprey.context.symbol;
