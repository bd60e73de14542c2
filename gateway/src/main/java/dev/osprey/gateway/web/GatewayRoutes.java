package dev.osprey.gateway.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The REST routes; {@code /openapi.yaml} documents them. A known path under another method is 405. */
@Configuration(proxyBeanMethods = false)
public class GatewayRoutes {

    @Bean
    RouterFunction<ServerResponse> routes(GenerationHandlers generation, ModelsHandler models, TokenizeHandler tokenize,
                                          RepositoriesHandler repositories, SessionsHandler sessions,
                                          FilesHandler files, BatchesHandler batches,
                                          PrometheusMeterRegistry prometheus) {
        ClassPathResource openapi = new ClassPathResource("openapi.yaml");
        RouterFunction<ServerResponse> routes = RouterFunctions.route()
                .GET("/v1/models", models::list)
                .GET("/v1/models/{id}", models::get)
                .POST("/v1/completions", generation::completions)
                .POST("/v1/chat/completions", generation::chat)
                .POST("/v1/infill", generation::infill)
                .POST("/infill", generation::infill)
                .POST("/v1/tokenize", tokenize::tokenize)
                .POST("/tokenize", tokenize::tokenize)
                .POST("/v1/detokenize", tokenize::detokenize)
                .POST("/detokenize", tokenize::detokenize)
                .POST("/v1/repositories", repositories::create)
                .GET("/v1/repositories", repositories::list)
                .GET("/v1/repositories/{id}", repositories::get)
                .DELETE("/v1/repositories/{id}", repositories::delete)
                .POST("/v1/repositories/{id}/search", repositories::search)
                .GET("/v1/sessions/{id}", sessions::get)
                .DELETE("/v1/sessions/{id}", sessions::delete)
                .add(batchRoutes(files, batches))
                .GET("/health", r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"status\":\"ok\"}"))
                .GET("/metrics", r -> ServerResponse.ok()
                        .contentType(MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8"))
                        .bodyValue(prometheus.scrape()))
                .GET("/openapi.yaml", r -> ServerResponse.ok()
                        .contentType(MediaType.parseMediaType("application/yaml"))
                        .bodyValue(openapi))
                .build();
        return routes.and(MethodNotAllowed.fallback(routes));
    }

    /** The Batch API: OpenAI's {@code /v1/files} and {@code /v1/batches}. */
    public static RouterFunction<ServerResponse> batchRoutes(FilesHandler files, BatchesHandler batches) {
        return RouterFunctions.route()
                .POST("/v1/files", files::create)
                .GET("/v1/files", files::list)
                .GET("/v1/files/{id}", files::get)
                .GET("/v1/files/{id}/content", files::content)
                .DELETE("/v1/files/{id}", files::delete)
                .POST("/v1/batches", batches::create)
                .GET("/v1/batches", batches::list)
                .GET("/v1/batches/{id}", batches::get)
                .POST("/v1/batches/{id}/cancel", batches::cancel)
                .build();
    }
}
