package dev.osprey.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --logit-bias ID=BIAS[,ID=BIAS...]}: a bias added to token ids' logits (OpenAI's
 * {@code logit_bias}; {@code -100} in effect bans a token). Ranges are checked by the sampler.
 */
final class LogitBiasConverter implements ITypeConverter<LogitBiasConverter.LogitBias> {
    /** The parsed option (a type of its own: picocli would split a Map option's entries itself). */
    record LogitBias(Map<Integer, Float> byId) {
        static final LogitBias NONE = new LogitBias(Map.of());
    }

    @Override
    public LogitBias convert(String value) {
        Map<Integer, Float> bias = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new TypeConversionException("'" + e + "' is not ID=BIAS (e.g. 13=-100)");
            }
            int id;
            float b;
            try {
                id = Integer.parseInt(e.substring(0, eq).strip());
            } catch (NumberFormatException ex) {
                throw new TypeConversionException("'" + e.substring(0, eq) + "' is not a token id");
            }
            try {
                b = Float.parseFloat(e.substring(eq + 1).strip());
            } catch (NumberFormatException ex) {
                throw new TypeConversionException("'" + e.substring(eq + 1) + "' is not a number");
            }
            if (bias.put(id, b) != null) {
                throw new TypeConversionException("token id " + id + " is given twice");
            }
        }
        return new LogitBias(Map.copyOf(bias));
    }
}
