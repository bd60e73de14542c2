package dev.osprey.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 1,2,3} (commas and/or spaces) into token ids. */
final class TokenIds implements ITypeConverter<int[]> {
    @Override
    public int[] convert(String value) {
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
        return ids;
    }
}
