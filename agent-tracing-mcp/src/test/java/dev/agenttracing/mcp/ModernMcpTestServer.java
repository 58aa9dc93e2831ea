package dev.agenttracing.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.Clock;
import org.apache.catalina.startup.Tomcat;

/**
 * A real server of the MCP SDK's {@code io.modelcontextprotocol.modern} API with two
 * tools, traced by {@link McpTracing#instrument(McpRequestManager)}: over streamable HTTP
 * in its own Tomcat on 127.0.0.1 and an ephemeral port, with a filter in front of the
 * SDK's servlet that keeps every request body as it arrived, or (see
 * {@link ModernStdioWeatherServer}) over stdio.
 */
final class ModernMcpTestServer implements AutoCloseable {

	final List<String> requestBodies = new CopyOnWriteArrayList<>();

	private final McpRequestManager requestManager;

	private final Tomcat tomcat;

	private final int port;

	ModernMcpTestServer(McpTracing tracing) throws Exception {
		this(tracing.instrument(server("weather-sunny")));
	}

	ModernMcpTestServer(McpRequestManager requestManager) throws Exception {
		this.requestManager = requestManager;
		HttpServletMcpTransport transport = HttpServletMcpTransport.builder(requestManager)
			.jsonMapper(McpTestServer.JSON)
			.endpoint("/mcp")
			.build();
		this.tomcat = McpTestServer.startTomcat("mcp-modern-tomcat", transport, this.requestBodies, Map.of());
		this.port = this.tomcat.getConnector().getLocalPort();
	}

	/**
	 * A server whose {@code get_weather} answers {@code sunny}, whose
	 * {@code flaky_forecast} returns a result flagged {@code isError}, and whose
	 * {@code streamed_forecast} streams a progress notification before its result.
	 */
	static McpServer server(String name) {
		McpSyncTool weather = tool("get_weather", false, "sunny");
		McpSyncTool flaky = tool("flaky_forecast", true, "forecast service unavailable");
		McpSyncTool streamed = McpSyncTool.of(definition("streamed_forecast"),
				(ctx, request) -> McpSyncResponse.streaming((notifier) -> {
					notifier.progress(0.5, 1.0, "half way");
					// What the stream's work saw: the span current while it ran, and when
					// it
					// ended.
					return McpSchema.CallToolResult.builder()
						.addContent(McpSchema.TextContent.builder("cloudy").build())
						.meta(Map.of("spanId", Span.current().getSpanContext().getSpanId(), "ranUntil",
								Clock.getDefault().now()))
						.build();
				}));
		McpSyncToolRepository tools = new McpSyncToolRepository() {

			@Override
			public ToolsPage list(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String cursor) {
				return ToolsPage.of(List.of(weather.definition(), flaky.definition(), streamed.definition()));
			}

			@Override
			public McpSyncTool find(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String toolName) {
				return switch (toolName) {
					case "get_weather" -> weather;
					case "flaky_forecast" -> flaky;
					case "streamed_forecast" -> streamed;
					default -> null;
				};
			}

		};
		return McpServer.builder()
			.serverInfo(McpSchema.Implementation.builder(name, "1.0.0").build())
			.jsonMapper(McpTestServer.JSON)
			.feature(ToolsFeature.ofSync(tools))
			.build();
	}

	private static McpSchema.Tool definition(String name) {
		return McpSchema.Tool
			.builder(name, McpTestServer.JSON, "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
			.description("Test tool " + name)
			.build();
	}

	private static McpSyncTool tool(String name, boolean isError, String text) {
		return McpSyncTool.of(definition(name),
				(ctx, request) -> McpSyncResponse.result(McpSchema.CallToolResult.builder()
					.addContent(McpSchema.TextContent.builder(text).build())
					.isError(isError)
					.build()));
	}

	int port() {
		return this.port;
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	List<Map<String, Object>> requests() {
		return this.requestBodies.stream().map(McpTestServer::read).toList();
	}

	@Override
	public void close() throws Exception {
		this.tomcat.stop();
		this.tomcat.destroy();
		// The traced manager closes its server.
		if (this.requestManager instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

}
