package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.TokenClass.COMMENT;
import static dev.osprey.tokenizer.classes.TokenClass.IDENTIFIER;
import static dev.osprey.tokenizer.classes.TokenClass.KEYWORD;
import static dev.osprey.tokenizer.classes.TokenClass.NUMBER_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.OPERATOR;
import static dev.osprey.tokenizer.classes.TokenClass.PUNCTUATION;
import static dev.osprey.tokenizer.classes.TokenClass.STRING_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CppTokenClassesTest {
    private static final String SOURCE = """
            #include <vector>
            namespace geo {
            /// A point.
            template <typename T, std::size_t N = 3>
            class Vec : public std::array<T, N> {
            public:
                constexpr auto norm() const noexcept -> T override;
                virtual ~Vec() = default;
                bool operator==(const Vec&) const = default;
            };
            }  // namespace geo

            int main() {
                using namespace std::chrono_literals;
                auto delay = 10ms;
                std::string s = R"raw(C:\\dir "q")raw"s + u8"utf" + "plain";
                char16_t c = u'x';
                std::vector<int> v{1, 2, 0x3};
                for (auto& x : v) { if (x > 1 && this != nullptr) throw std::runtime_error("bad"); }
                auto f = [&v](int i) mutable { return v[i] * 2.0; };
                return static_cast<int>(v.size()) ? 0 : -1;
            }
            """;

    private final ClassifiedSource cpp = ClassifiedSource.of(SourceLanguage.CPP, SOURCE);

    @Test
    void keywords() {
        cpp.assertAll(KEYWORD, "#include", "namespace", "template", "typename", "class", "public", "constexpr",
                "auto", "const", "noexcept", "override", "virtual", "default", "bool", "operator", "int", "using",
                "char16_t", "for", "if", "this", "nullptr", "throw", "mutable", "return", "static_cast");
    }

    @Test
    void identifiersIncludeNamespacesTemplatesAndLibraryTypes() {
        cpp.assertAll(IDENTIFIER, "geo", "std", "size_t", "N", "Vec", "array", "norm", "main", "chrono_literals",
                "delay", "string", "s", "v", "runtime_error", "f", "i", "size");
        cpp.assertNth(IDENTIFIER, "x", 2); // the first is in u'x'
        cpp.assertNth(IDENTIFIER, "vector", 2); // the first is in the include path
        cpp.assertNth(IDENTIFIER, "T", 1);
    }

    @Test
    void literalsKeepTheirUserDefinedSuffixes() {
        cpp.assertAll(NUMBER_LITERAL, "10ms", "0x3", "2.0");
        assertThat(cpp.classesOf("3>")).containsExactly(NUMBER_LITERAL, OPERATOR);
        cpp.assertAll(STRING_LITERAL, "R\"raw(C:\\dir \"q\")raw\"s", "u8\"utf\"", "\"plain\"", "u'x'", "\"bad\"");
        cpp.assertAll(STRING_LITERAL, "<vector>");
    }

    @Test
    void commentsOperatorsAndPunctuation() {
        cpp.assertAll(COMMENT, "/// A point.", "// namespace geo");
        cpp.assertAll(OPERATOR, "::", "->", "==", "~", "&&", "!=", "?");
        cpp.assertNth(OPERATOR, "<", 2).assertNth(OPERATOR, ">", 2); // the first pair delimits the include path
        cpp.assertAll(PUNCTUATION, "{", "}", "(", ")", ";", ",", "[", "]");
        assertThat(cpp.classesOf("v{1,")).containsExactly(IDENTIFIER, PUNCTUATION, NUMBER_LITERAL);
    }
}
