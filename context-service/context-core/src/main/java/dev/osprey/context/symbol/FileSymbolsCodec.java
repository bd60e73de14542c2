package dev.osprey.context.symbol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link FileSymbols} as bytes, stored beside a file's hash in the repository index. The first int is
 * {@link #VERSION}: bytes of another version (or damaged bytes) decode to empty, and the file is then re-read from
 * its content at the next update.
 */
public final class FileSymbolsCodec {
    static final int VERSION = 1;

    private FileSymbolsCodec() {
    }

    public static byte[] encode(FileSymbols file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(file.path());
            out.writeUTF(file.language());
            out.writeUTF(file.module());
            out.writeInt(file.definitions().size());
            for (Definition d : file.definitions()) {
                out.writeUTF(d.symbol());
                out.writeUTF(d.qualifiedName());
                out.writeUTF(d.kind().name());
                out.writeInt(d.startLine());
                out.writeInt(d.endLine());
                out.writeUTF(d.signature());
                writeLong(out, d.doc());
            }
            out.writeInt(file.imports().size());
            for (Import i : file.imports()) {
                out.writeInt(i.line());
                out.writeUTF(i.spec());
                out.writeInt(i.names().size());
                for (Map.Entry<String, String> name : i.names().entrySet()) {
                    out.writeUTF(name.getKey());
                    out.writeUTF(name.getValue());
                }
                out.writeUTF(i.namespace());
                out.writeBoolean(i.wildcard());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return empty for another version or damaged bytes */
    public static Optional<FileSymbols> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != VERSION) {
                return Optional.empty();
            }
            String path = in.readUTF();
            String language = in.readUTF();
            String module = in.readUTF();
            int definitionCount = in.readInt();
            List<Definition> definitions = new ArrayList<>(Math.min(definitionCount, 4096));
            for (int n = 0; n < definitionCount; n++) {
                String symbol = in.readUTF();
                String qualified = in.readUTF();
                DefinitionKind kind = DefinitionKind.valueOf(in.readUTF());
                int start = in.readInt();
                int end = in.readInt();
                definitions.add(new Definition(path, symbol, qualified, kind, start, end, in.readUTF(), readLong(in)));
            }
            int importCount = in.readInt();
            List<Import> imports = new ArrayList<>(Math.min(importCount, 4096));
            for (int n = 0; n < importCount; n++) {
                int line = in.readInt();
                String spec = in.readUTF();
                int nameCount = in.readInt();
                Map<String, String> names = new LinkedHashMap<>();
                for (int k = 0; k < nameCount; k++) {
                    names.put(in.readUTF(), in.readUTF());
                }
                imports.add(new Import(line, spec, names, in.readUTF(), in.readBoolean()));
            }
            return Optional.of(new FileSymbols(path, language, module, definitions, imports));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** writeUTF is limited to 64 KB of encoded text; a doc comment may be longer. */
    private static void writeLong(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readLong(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad text length " + length);
        }
        return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
    }
}
