package dev.agenttracing.mcp;

import java.nio.file.Path;

import io.modelcontextprotocol.modern.server.transport.StdioMcpTransport;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * A real server of the MCP SDK's {@code io.modelcontextprotocol.modern} API over stdio,
 * run in a child JVM by {@link ModernMcpStdioTracingTests}, its request manager traced.
 * Each span it ends is written to the file named by its argument ({@link SpanFile}). No
 * {@code serverTransport("pipe")} here: the decorator reads the transport from the
 * context the SDK's stdio transport hands over.
 */
public final class ModernStdioWeatherServer {

	private ModernStdioWeatherServer() {
	}

	public static void main(String[] args) {
		Path spans = Path.of(args[0]);
		OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(SpanFile.exporter(spans)))
				.build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		McpTracing tracing = McpTracing.builder(openTelemetry).build();
		// Runs until the client closes the pipe.
		new StdioMcpTransport(tracing.instrument(ModernMcpTestServer.server("stdio-weather")), McpTestServer.JSON)
			.start()
			.block();
	}

}
