package dev.agenttracing.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.agenttracing.semconv.McpAttributes;

/**
 * A real MCP SDK server over stdio, run in a child JVM by {@link McpStdioTracingTests}. Each
 * span it ends is written as one line to the file named by its argument:
 * {@code kind name traceId spanId parentSpanId network.transport}.
 */
public final class StdioWeatherServer {

	private StdioWeatherServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path spans = Path.of(args[0]);
		OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(new LineExporter(spans)))
				.build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		McpTracing tracing = McpTracing.builder(openTelemetry).serverTransport(McpAttributes.TRANSPORT_PIPE).build();
		McpServer.sync(new StdioServerTransportProvider(McpTestServer.JSON))
			.serverInfo("stdio-weather-server", "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(tracing.instrument(McpTestServer.tool("get_weather",
					(arguments) -> McpSchema.CallToolResult.builder().addTextContent("sunny").build())))
			.build();
		// The client ends this process when it closes the session.
		new CountDownLatch(1).await();
	}

	private record LineExporter(Path file) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			StringBuilder lines = new StringBuilder();
			for (SpanData span : spans) {
				lines.append(String.join(" ", span.getKind().name(), span.getName().replace(' ', '_'),
						span.getTraceId(), span.getSpanId(), span.getParentSpanId(),
						String.valueOf(span.getAttributes().get(McpAttributes.NETWORK_TRANSPORT))))
					.append('\n');
			}
			try {
				Files.writeString(this.file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
				return CompletableResultCode.ofSuccess();
			}
			catch (IOException ex) {
				return CompletableResultCode.ofFailure();
			}
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
