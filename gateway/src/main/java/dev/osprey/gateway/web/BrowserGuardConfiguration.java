package dev.osprey.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST server's defences against web pages: the Host check (DNS rebinding), CORS, and the
 * content-type check (cross-site form and text/plain posts). The public gRPC server needs none of them:
 * browsers cannot speak gRPC (no HTTP/2 trailers), and no gRPC-Web bridge is served.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrowserGuardProperties.class)
public class BrowserGuardConfiguration {
    private static final Logger log = LoggerFactory.getLogger(BrowserGuardConfiguration.class);

    @Bean
    HostFilter hostFilter(BrowserGuardProperties properties, @Value("${server.address:}") String bindAddress) {
        AllowedHosts hosts = AllowedHosts.forBind(bindAddress, properties.allowedHosts());
        if (!hosts.enforced()) {
            log.info("Host header not checked: the gateway listens on {} and {} is empty",
                    bindAddress.isBlank() ? "all interfaces" : bindAddress, AllowedHosts.SETTING);
        }
        return new HostFilter(hosts);
    }

    @Bean
    CrossOriginFilter crossOriginFilter(BrowserGuardProperties properties) {
        return new CrossOriginFilter(AllowedOrigins.of(properties.cors().allowedOrigins()));
    }

    @Bean
    ContentTypeFilter contentTypeFilter() {
        return new ContentTypeFilter();
    }
}
