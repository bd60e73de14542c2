package dev.osprey.context.symbol;

/** What a {@link Definition} defines. */
public enum DefinitionKind {
    FUNCTION,
    /** A function declared inside a class, interface, trait or impl. */
    METHOD,
    CLASS,
    /** An interface, trait or protocol. */
    INTERFACE,
    /** A struct, enum, union, type alias or typedef. */
    TYPE,
    /** A named constant: {@code static final}, {@code const}, an upper-case module-level name, {@code #define}. */
    CONSTANT,
    /** A module-level (or package-level) variable. */
    VARIABLE,
    /** A namespace or inline module: {@code namespace n {}}, {@code mod m {}}, a TypeScript {@code module}. */
    MODULE;

    /** Whether definitions of this kind hold members (a skeleton lists their signatures). */
    public boolean container() {
        return this == CLASS || this == INTERFACE || this == MODULE;
    }
}
