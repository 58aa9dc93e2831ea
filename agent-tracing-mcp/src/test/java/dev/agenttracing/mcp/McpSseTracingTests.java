package dev.agenttracing.mcp;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real SDK client and a real SDK server over the SSE transport, in a Tomcat on
 * 127.0.0.1: every request is one SERVER span, begun by the filter on the message
 * endpoint and ended by the response sent over the SSE stream, under the client's span.
 */
class McpSseTracingTests {

	@Test
	void everyRequestOverSseIsOneServerSpanUnderItsClientSpan() throws Exception {
		try (TestTelemetry telemetry = new TestTelemetry()) {
			HttpServletSseServerTransportProvider provider = HttpServletSseServerTransportProvider.builder()
				.jsonMapper(McpTestServer.JSON)
				.sseEndpoint("/sse")
				.messageEndpoint("/mcp/message")
				.build();
			McpSyncServer server = McpServer.sync(telemetry.mcpTracing.instrument(provider))
				.serverInfo("sse-weather-server", "1.0.0")
				.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
				.tools(telemetry.mcpTracing.instrument(McpTestServer.tool("get_weather",
						(arguments) -> McpSchema.CallToolResult.builder().addTextContent("sunny").build())),
						telemetry.mcpTracing.instrument(McpTestServer.tool("flaky_forecast",
								(arguments) -> McpSchema.CallToolResult.builder()
									.addTextContent("unavailable")
									.isError(true)
									.build())))
				.build();
			Tomcat tomcat = start(provider, telemetry.mcpTracing);
			int port = ((Connector) tomcat.getConnector()).getLocalPort();
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing.instrument(
						HttpClientSseClientTransport.builder("http://127.0.0.1:" + port).sseEndpoint("/sse").build()))
				.requestTimeout(Duration.ofSeconds(20))
				.build();
			try {
				client.initialize();
				client.listTools();
				client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
				assertThat(client.callTool(new McpSchema.CallToolRequest("flaky_forecast", Map.of())).isError())
					.isTrue();
				client.ping();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(telemetry.names()).contains("SERVER ping"));
			}
			finally {
				client.closeGracefully();
				server.closeGracefully();
				tomcat.stop();
				tomcat.destroy();
			}
			assertThat(telemetry.finished()).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
				.extracting(SpanData::getName)
				.containsExactly("initialize", "notifications/initialized", "tools/list", "tools/call get_weather",
						"tools/call flaky_forecast", "ping");
			String sessionId = null;
			for (String name : List.of("initialize", "tools/list", "tools/call get_weather",
					"tools/call flaky_forecast", "ping")) {
				SpanData clientSpan = telemetry.span(SpanKind.CLIENT, name);
				SpanData serverSpan = telemetry.span(SpanKind.SERVER, name);
				assertThat(serverSpan.getTraceId()).as(name).isEqualTo(clientSpan.getTraceId());
				assertThat(serverSpan.getParentSpanId()).as(name).isEqualTo(clientSpan.getSpanId());
				assertThat(serverSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
					.isNotEmpty()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
				assertThat(serverSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).as(name)
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION))
					.isNotEmpty();
				assertThat(serverSpan.getAttributes().get(McpAttributes.CLIENT_ADDRESS)).as(name)
					.isEqualTo("127.0.0.1");
				assertThat(serverSpan.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(name).isEqualTo("tcp");
				String session = serverSpan.getAttributes().get(McpAttributes.SESSION_ID);
				assertThat(session).as(name).hasSizeGreaterThan(8);
				if (sessionId != null) {
					assertThat(session).as(name).isEqualTo(sessionId);
				}
				sessionId = session;
			}
			SpanData flaky = telemetry.span(SpanKind.SERVER, "tools/call flaky_forecast");
			assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(flaky.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
			assertThat(telemetry.span(SpanKind.SERVER, "tools/call get_weather")
				.getAttributes()
				.get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

	private static Tomcat start(HttpServletSseServerTransportProvider provider, McpTracing tracing) throws Exception {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("mcp-sse-tomcat").toString());
		Connector connector = new Connector();
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", provider).setAsyncSupported(true);
		context.addServletMappingDecoded("/*", "mcp");
		FilterDef filter = new FilterDef();
		filter.setFilterName("mcp-tracing");
		filter.setFilter(McpServerHttpFilter.forSseServer(tracing));
		filter.setAsyncSupported("true");
		context.addFilterDef(filter);
		FilterMap mapping = new FilterMap();
		mapping.setFilterName("mcp-tracing");
		mapping.addURLPattern("/mcp/message");
		context.addFilterMap(mapping);
		tomcat.start();
		return tomcat;
	}

}
