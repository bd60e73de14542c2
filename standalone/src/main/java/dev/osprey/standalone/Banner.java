package dev.osprey.standalone;

/** What {@code ./osprey serve} prints once everything listens. */
final class Banner {
    private Banner() {}

    static String text(OspreyStack stack, long startupMillis) {
        String base = stack.baseUrl();
        int keys = stack.apiKeyCount();
        String auth = keys > 0 ? " -H \"Authorization: Bearer $OSPREY_API_KEY\"" : "";
        String example = stack.model().fallback()
                ? "curl " + base + "/completions -H 'Content-Type: application/json'" + auth
                        + " \\\n      -d '{\"prompt\": \"Once upon a time\", \"max_tokens\": 48}'"
                : "curl " + base + "/chat/completions -H 'Content-Type: application/json'" + auth
                        + " \\\n      -d '{\"messages\": [{\"role\": \"user\", \"content\": \"Write a Java method that reverses a string.\"}]}'";
        StringBuilder out = new StringBuilder();
        out.append('\n');
        stack.model().warning().ifPresent(w -> out.append("WARNING: ").append(w).append("\n\n"));
        out.append("Osprey is ready (").append(startupMillis).append(" ms).\n");
        out.append("  API     ").append(base).append("   (OpenAI-compatible; OpenAPI at ")
                .append(base, 0, base.length() - 3).append("/openapi.yaml)\n");
        out.append("  gRPC    ").append(stack.host()).append(':').append(stack.grpcPort()).append("   (osprey.v1.Completions)\n");
        out.append("  Model   ").append(stack.modelName()).append("   (").append(stack.model().file()).append(")\n");
        stack.kafka().ifPresentOrElse(k -> out.append("  Kafka   ").append(k.bootstrapServers()).append("   (embedded)\n"),
                () -> stack.externalKafka().ifPresent(k -> out.append("  Kafka   ").append(k).append("   (external)\n")));
        out.append("  Access  ").append(keys > 0 ? keys + (keys == 1 ? " API key" : " API keys")
                + " loaded; every request needs Authorization: Bearer KEY" : "no API keys: open to this machine only").append('\n');
        out.append("Try:\n  ").append(example).append("\n\n");
        return out.toString();
    }
}
