package dev.osprey.context.symbol;

/** How a name used in a file was tied to a definition, strongest first. */
public enum Evidence {
    /** An import names it: {@code from m import x}, {@code import a.b.C}, {@code use m::x}, {@code ns.x} of an imported {@code ns}. */
    IMPORTED,
    /** A wildcard import or an include makes it visible. */
    WILDCARD,
    /** Defined in the same Java or Go package, visible without an import. */
    SAME_PACKAGE,
    /** Defined in a file the client has open or has just edited, and named by the code at the cursor. */
    RECENT,
    /** No import says where it comes from, but exactly one file of the repository defines the name. */
    UNIQUE
}
