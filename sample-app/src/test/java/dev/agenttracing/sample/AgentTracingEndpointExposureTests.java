package dev.agenttracing.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Like every actuator endpoint but health, {@code agenttracing} is not reachable over
 * HTTP unless the application exposes it: here the sample's exposure list is narrowed to
 * health and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,metrics")
class AgentTracingEndpointExposureTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void agentTracingEndpointIsNotReachableUnlessExposed() throws Exception {
		assertThat(send("GET", "/actuator/metrics").statusCode()).isEqualTo(200);
		HttpResponse<String> links = send("GET", "/actuator");
		assertThat(links.statusCode()).isEqualTo(200);
		assertThat(links.body()).contains("/actuator/metrics").doesNotContain("agenttracing");
		assertThat(send("GET", "/actuator/agenttracing").statusCode()).isEqualTo(404);
		// Nor can its write operation be called to force a flush.
		assertThat(send("POST", "/actuator/agenttracing").statusCode()).isBetween(400, 499);
		assertThat(this.context.getBeanNamesForType(AgentTracingEndpoint.class)).isEmpty();
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
