package dev.agenttracing.mcp;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stdio input hands the SDK every byte unchanged, however the reads split the lines,
 * and each complete JSON-RPC line to the session's calls.
 */
class StdioRequestsInputStreamTests {

	@Test
	void linesSplitAcrossReadsReachTheCallsAndTheBytesReachTheReaderUnchanged() throws IOException {
		String overlong = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":9,\"params\":{\"pad\":\""
				+ "x".repeat(StdioRequestsInputStream.MAX_LINE) + "\"}}\n";
		String input = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":\"a-1\"}\n"
				+ "not json\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n" + overlong
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":2}\n";
		byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
		try (TestTelemetry telemetry = new TestTelemetry()) {
			McpServerSessionCalls calls = new McpServerSessionCalls(telemetry.mcpTracing, McpAttributes.TRANSPORT_PIPE,
					null);
			InputStream in = new StdioRequestsInputStream(new SevenBytesAtATime(new ByteArrayInputStream(bytes)),
					calls);
			assertThat(in.readAllBytes()).isEqualTo(bytes);
			// tools/list and ping await their responses; the notification's span has
			// ended; the
			// line that is no JSON and the one over the limit pass untraced.
			assertThat(calls.awaits("a-1")).isTrue();
			assertThat(calls.awaits(2)).isTrue();
			assertThat(calls.awaits(9)).isFalse();
			assertThat(calls.inFlight()).isEqualTo(2);
			assertThat(telemetry.finished()).extracting(SpanData::getName).containsExactly("notifications/initialized");
			calls.closed();
			assertThat(telemetry.finished()).extracting(SpanData::getName)
				.containsExactlyInAnyOrder("notifications/initialized", "tools/list", "ping");
			assertThat(telemetry.span(SpanKind.SERVER, "ping").getAttributes().get(GenAiAttributes.ERROR_TYPE))
				.isEqualTo("transport_closed");
		}
	}

	private static final class SevenBytesAtATime extends FilterInputStream {

		SevenBytesAtATime(InputStream in) {
			super(in);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return super.read(buffer, offset, Math.min(7, length));
		}

	}

}
