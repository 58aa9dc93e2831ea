package dev.agenttracing.mcp;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The test server and telemetry, for tests outside this package.
 */
public final class McpTestSupport implements AutoCloseable {

	private final TestTelemetry telemetry;

	private final McpTestServer server;

	private McpTestSupport(TestTelemetry telemetry, McpTestServer server) {
		this.telemetry = telemetry;
		this.server = server;
	}

	public static McpTestSupport start() throws Exception {
		TestTelemetry telemetry = new TestTelemetry();
		return new McpTestSupport(telemetry, new McpTestServer(telemetry.mcpTracing));
	}

	public OpenTelemetry openTelemetry() {
		return this.telemetry.openTelemetry;
	}

	public String url() {
		return this.server.url();
	}

	public List<SpanData> spans() {
		return this.telemetry.finished();
	}

	public SpanData span(SpanKind kind, String name) {
		return this.telemetry.span(kind, name);
	}

	@Override
	public void close() throws Exception {
		this.server.close();
		this.telemetry.close();
	}

}
