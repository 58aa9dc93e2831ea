package dev.agenttracing.mcp;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a Spring AI MCP server application on 127.0.0.1 and an ephemeral port, on WebMVC
 * (Tomcat) or WebFlux (Reactor Netty). Both of Spring AI's web server starters are on the
 * test class path, which no application has: each server leaves the other stack's MCP
 * server auto-configurations out.
 */
final class SpringAiWebServers {

	private static final String WEBMVC = "org.springframework.ai.mcp.server.webmvc.autoconfigure.";

	private static final String WEBFLUX = "org.springframework.ai.mcp.server.webflux.autoconfigure.";

	private static final List<String> SERVERS = List.of("McpServerSse%sAutoConfiguration",
			"McpServerStreamableHttp%sAutoConfiguration", "McpServerStateless%sAutoConfiguration");

	private SpringAiWebServers() {
	}

	/**
	 * A WebMVC server.
	 * @param protocol the value of {@code spring.ai.mcp.server.protocol}
	 * @param source the application's configuration
	 * @param args more arguments
	 * @return the running application
	 */
	static ConfigurableApplicationContext webMvc(String protocol, Class<?> source, String... args) {
		return run(source, protocol, excluding(WEBFLUX, "WebFlux"), "servlet", args);
	}

	/**
	 * A WebFlux server.
	 * @param protocol the value of {@code spring.ai.mcp.server.protocol}
	 * @param source the application's configuration
	 * @param args more arguments
	 * @return the running application
	 */
	static ConfigurableApplicationContext webFlux(String protocol, Class<?> source, String... args) {
		return run(source, protocol, excluding(WEBMVC, "WebMvc"), "reactive", args);
	}

	private static String excluding(String pkg, String stack) {
		return String.join(",", SERVERS.stream().map((name) -> pkg + name.formatted(stack)).toList());
	}

	private static ConfigurableApplicationContext run(Class<?> source, String protocol, String excluded, String type,
			String... args) {
		List<String> all = new ArrayList<>(
				List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.ai.mcp.server.protocol=" + protocol,
						"--spring.ai.mcp.server.name=weather", "--spring.main.banner-mode=off",
						"--spring.main.web-application-type=" + type, "--spring.autoconfigure.exclude=" + excluded,
						"--spring.ai.mcp.client.enabled=false", "--management.otlp.metrics.export.enabled=false"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(source).run(all.toArray(String[]::new));
	}

}
