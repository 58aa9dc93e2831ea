package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recent-runs page and its endpoint behind the application's Spring Security filter
 * chain, over real HTTP, configured as the README shows. A plain application run, not a
 * {@code @SpringBootTest}: the test framework's Mockito support would attach an agent to
 * this JVM, which the other tests of the module run in.
 */
class AgentRunsPageSecurityTests {

	private final HttpClient client = HttpClient.newHttpClient();

	private int port;

	@Test
	void pageAndEndpointRequireTheRoleTheApplicationAsksFor() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecuredApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"agent.tracing.runs.ui.enabled=true", "management.endpoints.web.exposure.include=agentruns")
			.run()) {
			this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertPageAndEndpointRequireTheRole();
		}
	}

	private void assertPageAndEndpointRequireTheRole() throws Exception {
		for (String path : new String[] { "/agent-runs/", "/agent-runs/runs.js", "/agent-runs/endpoint.json",
				"/actuator/agentruns" }) {
			assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
			assertThat(get(path, "dev:dev-secret").statusCode()).as(path).isEqualTo(403);
			assertThat(get(path, "ops:ops-secret").statusCode()).as(path).isEqualTo(200);
		}
		assertThat(get("/agent-runs/", "ops:ops-secret").body()).contains("<title>Agent runs</title>");
		assertThat(get("/agent-runs/endpoint.json", "ops:ops-secret").body())
			.isEqualTo("{\"endpoint\":\"/actuator/agentruns\"}");
		assertThat(get("/actuator/agentruns", "ops:ops-secret").body()).contains("\"runs\":[]");
		// The rest of the application is as open as it was.
		assertThat(get("/elsewhere", null).statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path, @Nullable String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SecuredApplication {

		@Bean
		@Order(1)
		SecurityFilterChain agentRuns(HttpSecurity http) throws Exception {
			http.securityMatcher("/agent-runs/**", "/actuator/agentruns/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPS"))
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("ops").password("{noop}ops-secret").roles("OPS").build(),
					User.withUsername("dev").password("{noop}dev-secret").roles("DEV").build());
		}

	}

}
