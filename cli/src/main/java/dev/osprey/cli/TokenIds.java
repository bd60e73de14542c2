package dev.osprey.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Token ids given on the command line as {@code 1,2,3} (commas and/or spaces). */
record TokenIds(int[] ids) {

    /** Picocli converter from the option's text. */
    static final class Converter implements ITypeConverter<TokenIds> {
        @Override
        public TokenIds convert(String value) {
            String trimmed = value.trim();
            if (trimmed.isEmpty()) {
                throw new TypeConversionException("no token ids given");
            }
            String[] parts = trimmed.split("[,\\s]+");
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ids[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + parts[i] + "' is not a token id");
                }
                if (ids[i] < 0) {
                    throw new TypeConversionException("token id " + ids[i] + " is negative");
                }
            }
            return new TokenIds(ids);
        }
    }
}
