package dev.agenttracing.mcp;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import dev.agenttracing.semconv.McpAttributes;

/**
 * A real MCP SDK server over stdio, run in a child JVM by {@link McpStdioTracingTests},
 * on the traced stdio transport. Each span it ends is written to the file named by its
 * argument ({@link SpanFile}).
 */
public final class StdioWeatherServer {

	private StdioWeatherServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path spans = Path.of(args[0]);
		OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(SpanFile.exporter(spans)))
				.build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		McpTracing tracing = McpTracing.builder(openTelemetry).serverTransport(McpAttributes.TRANSPORT_PIPE).build();
		McpServer.sync(tracing.stdioServerTransportProvider(McpTestServer.JSON))
			.serverInfo("stdio-weather-server", "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(tracing.instrument(McpTestServer.tool("get_weather",
					(arguments) -> McpSchema.CallToolResult.builder().addTextContent("sunny").build())),
					tracing.instrument(McpTestServer.tool("flaky_forecast",
							(arguments) -> McpSchema.CallToolResult.builder()
								.addTextContent("forecast service unavailable")
								.isError(true)
								.build())))
			.build();
		// The client ends this process when it closes the session.
		new CountDownLatch(1).await();
	}

}
