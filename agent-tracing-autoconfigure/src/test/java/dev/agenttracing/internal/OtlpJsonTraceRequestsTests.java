package dev.agenttracing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.DeliveryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter to the SDK's internal OTLP/JSON marshaler: fails when the class moves or
 * its output stops being one {@code ExportTraceServiceRequest} that the official proto
 * classes decode.
 */
class OtlpJsonTraceRequestsTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	@TempDir
	Path directory;

	@Test
	void theMarshalerIsWhereTheConditionLooksForIt() throws ClassNotFoundException {
		assertThat(Class.forName(OtlpJsonTraceRequests.MARSHALER_CLASS).getName())
			.isEqualTo(OtlpJsonTraceRequests.MARSHALER_CLASS);
	}

	@Test
	void spansBecomeOneRequestOnOneLine() throws IOException {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		OtlpJsonTraceRequests.writeJson(
				List.of(span("b7ad6b7169203331", "invoke_agent planner"), span("00f067aa0ba902b7", "chat gpt-4o")),
				output);
		String json = output.toString(StandardCharsets.UTF_8);
		assertThat(json).doesNotContain("\n").startsWith("{\"resourceSpans\":[");
		List<ExportTraceServiceRequest> requests = DeliveryTestSupport
			.parse(Files.writeString(this.directory.resolve("trace.jsonl"), json));
		assertThat(requests).hasSize(1);
		List<Span> spans = DeliveryTestSupport.spans(requests);
		assertThat(spans).extracting(Span::getName).containsExactly("invoke_agent planner", "chat gpt-4o");
		assertThat(spans).allSatisfy((span) -> {
			assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TRACE_ID);
			assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
			assertThat(span.getAttributes(0).getKey()).isEqualTo("gen_ai.usage.input_tokens");
			assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(42);
		});
		assertThat(HexFormat.of().formatHex(spans.get(1).getSpanId().toByteArray())).isEqualTo("00f067aa0ba902b7");
	}

	private static SpanData span(String spanId, String name) {
		return TestSpanData.builder()
			.setName(name)
			.setKind(SpanKind.CLIENT)
			.setSpanContext(SpanContext.create(TRACE_ID, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
			.setStartEpochNanos(1)
			.setEndEpochNanos(2)
			.setAttributes(Attributes.of(AttributeKey.longKey("gen_ai.usage.input_tokens"), 42L))
			.setTotalAttributeCount(1)
			.setStatus(StatusData.unset())
			.setHasEnded(true)
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0)
			.build();
	}

}
