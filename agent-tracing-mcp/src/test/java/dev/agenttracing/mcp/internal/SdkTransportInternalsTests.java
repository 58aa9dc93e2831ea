package dev.agenttracing.mcp.internal;

import java.net.URI;

import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails when the MCP SDK moves the private fields {@link SdkTransportInternals} reads:
 * then MCP client spans would lose {@code server.address}, {@code server.port} and
 * {@code mcp.session.id}. The session id itself is checked against a real server in
 * {@code McpStreamableHttpTracingTests}.
 */
class SdkTransportInternalsTests {

	@Test
	void everyFieldIsWhereTheAdapterExpectsIt() {
		assertThat(SdkTransportInternals.isSupported()).isTrue();
	}

	@Test
	void readsTheBaseUriOfBothHttpTransports() {
		assertThat(SdkTransportInternals
			.baseUri(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:8931").endpoint("/mcp").build()))
			.isEqualTo(URI.create("http://127.0.0.1:8931"));
		assertThat(
				SdkTransportInternals.baseUri(HttpClientSseClientTransport.builder("https://mcp.example.com").build()))
			.isEqualTo(URI.create("https://mcp.example.com"));
	}

	@Test
	void hasNoSessionIdBeforeTheServerAssignsOne() {
		assertThat(SdkTransportInternals
			.sessionId(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:8931").build())).isNull();
	}

}
