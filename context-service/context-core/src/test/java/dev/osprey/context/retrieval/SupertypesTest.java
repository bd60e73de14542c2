package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SupertypesTest {
    private static List<String> at(String prefix) {
        return Supertypes.ofEnclosingType(prefix.lines().toList());
    }

    @Test
    void javaExtendsAndImplementsWithoutTheirTypeArguments() {
        assertEquals(List.of("AbstractGraph", "Network", "java.io.Serializable"), at("""
                package g;

                public abstract class AbstractNetwork<N, E extends Map<N, List<E>>>
                    extends AbstractGraph<N> implements Network<N, E>, java.io.Serializable {
                  private int size;

                  public int size() {
                    return """));
    }

    @Test
    void aSiblingTypeAboveTheCursorIsNotItsEnclosingType() {
        assertEquals(List.of("Base"), at("""
                class Outer extends Base {
                    static class Helper implements Runnable {
                        public void run() {}
                    }

                    void go() {
                        """));
    }

    @Test
    void pythonBasesButNotKeywordArguments() {
        assertEquals(List.of("Shape", "abc.ABC", "ABCMeta"), at("""
                class Circle(Shape, abc.ABC, metaclass=ABCMeta):
                    \"\"\"A round shape.\"\"\"

                    def area(self):
                        return """));
        assertEquals(List.of(), at("class Plain:\n    def go(self):\n        "));
    }

    @Test
    void typeScriptCppAndRust() {
        assertEquals(List.of("Subscriber", "Observer"),
                at("export class SafeSubscriber<T> extends Subscriber<T> implements Observer<T> {\n  next(v: T) {\n    "));
        assertEquals(List.of("Base", "ns.Mixin"), at("class Derived : public Base, private ns::Mixin {\n  void f() {\n    "));
        assertEquals(List.of("fmt.Display"), at("impl fmt::Display for Point {\n    fn fmt(&self) {\n        "));
    }

    @Test
    void atTheTopLevelThereIsNone() {
        assertEquals(List.of(), at("import x\n\nclass A(B):\n    pass\n\n\ndef f():\n    "));
        assertEquals(List.of(), at("value = 1\n"));
    }

    /** The keyword check rules out no line the declaration regex matches, on every line of this module's sources. */
    @Test
    void theDeclarationPrefilterPassesEveryLineTheRegexMatches() throws java.io.IOException {
        SourceLines.assertPrefilterPassesEveryMatch(Supertypes.DECLARATION, Supertypes::mayDeclare, List.of(
                "class A(B):", "  struct S : T {", "impl Trait for X {", "unsafe impl Send for Y {}",
                "object O extends P", "trait T extends U", "export default interface I extends J {",
                "public enum E implements F {", "record R(int x) implements Q {"), 100);
        org.assertj.core.api.Assertions.assertThat(Supertypes.mayDeclare("    return x + y;")).isFalse();
    }
}

