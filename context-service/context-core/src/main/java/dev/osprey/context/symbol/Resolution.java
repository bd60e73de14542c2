package dev.osprey.context.symbol;

/**
 * A name of a file tied to a definition in another file.
 *
 * @param name       the name as used ({@code util.parse}, {@code Shape})
 * @param definition what it refers to
 * @param evidence   how the tie was made
 */
public record Resolution(String name, Definition definition, Evidence evidence) {
}
