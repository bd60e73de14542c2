package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Identifiers#around(String, String, int, int)} stops reading names once enough are nearer the cursor; this
 * reference reads every line up to {@code maxLines} and must give the same uses.
 */
class IdentifiersParityTest {

    /** Every line within {@code maxLines} scanned; words beyond checked over the whole text. */
    static List<IdentifierUse> reference(String prefix, String suffix, int max, int maxLines) {
        Map<String, Integer> nearest = new HashMap<>();
        List<String> order = new ArrayList<>();
        Set<String> imported = new LinkedHashSet<>();
        Set<String> annotations = new HashSet<>();
        List<String> before = prefix.lines().toList();
        List<String> after = List.of(suffix.split("\n", -1));
        boolean[] beforeImports = Identifiers.importLines(before);
        boolean[] afterImports = Identifiers.importLines(after);
        int lines = Math.min(maxLines, Math.max(before.size(), after.size()));
        for (int d = 0; d < lines; d++) {
            if (d < before.size()) {
                int i = before.size() - 1 - d;
                Identifiers.scan(before.get(i), beforeImports[i], d, nearest, order, imported, annotations);
            }
            if (d < after.size()) {
                Identifiers.scan(after.get(d), afterImports[d], d, nearest, order, imported, annotations);
            }
        }
        for (int i = 0; i < before.size() - lines; i++) {
            if (beforeImports[i]) {
                Identifiers.scan(before.get(i), true, before.size() - 1 - i, nearest, order, imported, annotations);
            }
        }
        for (String supertype : Supertypes.ofEnclosingType(before)) {
            Integer d = nearest.get(supertype);
            if (d == null) {
                order.add(supertype);
            }
            nearest.put(supertype, d == null ? Identifiers.SUPERTYPE_DISTANCE
                    : Math.min(d, Identifiers.SUPERTYPE_DISTANCE));
        }
        List<String> notSeen = imported.stream().filter(n -> !nearest.containsKey(n) && !annotations.contains(n))
                .toList();
        Set<String> words = new HashSet<>();
        if (!notSeen.isEmpty() && lines < Math.max(before.size(), after.size())) {
            for (int i = 0; i < before.size(); i++) {
                if (!beforeImports[i]) {
                    words.addAll(List.of(before.get(i).split("[^A-Za-z0-9_$]+")));
                }
            }
            for (int i = 0; i < after.size(); i++) {
                if (!afterImports[i]) {
                    words.addAll(List.of(after.get(i).split("[^A-Za-z0-9_$]+")));
                }
            }
        }
        List<IdentifierUse> uses = new ArrayList<>();
        notSeen.stream().filter(n -> !words.contains(n)).forEach(n -> uses.add(new IdentifierUse(n, 0)));
        order.forEach(n -> uses.add(new IdentifierUse(n, nearest.get(n))));
        uses.sort(java.util.Comparator.comparingInt(IdentifierUse::distance));
        return uses.stream().limit(max).toList();
    }

    @Test
    void readingOnlyWhatCanMatterGivesTheFullReadsUses() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
        }
        String far = farUses();
        texts.add(far);
        Random random = new Random(11);
        int compared = 0;
        for (String text : texts) {
            for (int k = 0; k < 8; k++) {
                int cursor = text == far && k < 2 ? text.lastIndexOf("Base.call") + k : random.nextInt(text.length() + 1);
                String prefix = text.substring(0, cursor);
                String suffix = text.substring(cursor);
                for (int max : new int[] {3, 16, 64, 256}) {
                    for (int maxLines : new int[] {2, 40, 2000, Integer.MAX_VALUE}) {
                        assertEquals(reference(prefix, suffix, max, maxLines),
                                Identifiers.around(prefix, suffix, max, maxLines),
                                () -> "cursor " + cursor + ", max " + max + ", maxLines " + maxLines + " in\n" + text);
                        compared++;
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(compared).isGreaterThan(1000);
    }

    /** Imports and supertypes used only far from the cursor, inside chains, after digits and as annotations. */
    private static String farUses() {
        StringBuilder s = new StringBuilder("package p;\nimport a.Far;\nimport a.Chained;\nimport a.Noted;\n"
                + "import a.Digit;\nimport a.Never;\nclass Outer extends Base implements Iface, Other, pkg.Dotted {\n");
        s.append("  void far() { Far.go(); x.Chained(); @Noted int y = 9Digit; Other.z(); }\n");
        s.append("  pkg.Dotted dotted = null;\n");
        for (int i = 0; i < 60; i++) {
            s.append("  int m").append(i).append(" = n").append(i).append(" + o").append(i).append(".p").append(i)
                    .append(";\n");
        }
        s.append("  void near() { Base.call(); }\n}\n");
        return s.toString();
    }
}
