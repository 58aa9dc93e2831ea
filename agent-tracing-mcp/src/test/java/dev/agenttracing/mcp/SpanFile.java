package dev.agenttracing.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spans of a server in a child JVM, one JSON object a line in a file: written there by
 * {@link #exporter}, read back here as {@link SpanData} with their ids, parents, status
 * and attributes, for the same assertions and semconv check as spans recorded in the
 * test's JVM.
 */
final class SpanFile {

	private static final JsonMapper JSON = new JsonMapper();

	private SpanFile() {
	}

	static SpanExporter exporter(Path file) {
		return new Exporter(file);
	}

	static List<SpanData> read(Path file) throws IOException {
		if (!Files.exists(file)) {
			return List.of();
		}
		List<SpanData> spans = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			Map<String, Object> span = JSON.readValue(line, new TypeReference<Map<String, Object>>() {
			});
			AttributesBuilder attributes = Attributes.builder();
			@SuppressWarnings("unchecked")
			Map<String, Object> values = (Map<String, Object>) span.get("attributes");
			values.forEach((key, value) -> {
				if (value instanceof Number number) {
					attributes.put(AttributeKey.longKey(key), number.longValue());
				}
				else if (value instanceof Boolean bool) {
					attributes.put(AttributeKey.booleanKey(key), bool);
				}
				else {
					attributes.put(AttributeKey.stringKey(key), String.valueOf(value));
				}
			});
			String parent = (String) span.get("parentSpanId");
			spans.add(TestSpanData.builder()
				.setName((String) span.get("name"))
				.setKind(SpanKind.valueOf((String) span.get("kind")))
				.setSpanContext(context((String) span.get("traceId"), (String) span.get("spanId")))
				.setParentSpanContext(SpanContext.getInvalid().getSpanId().equals(parent) ? SpanContext.getInvalid()
						: context((String) span.get("traceId"), parent))
				.setStartEpochNanos(((Number) span.get("start")).longValue())
				.setEndEpochNanos(((Number) span.get("end")).longValue())
				.setHasEnded(true)
				.setStatus(StatusData.create(StatusCode.valueOf((String) span.get("status")),
						(String) span.get("description")))
				.setInstrumentationScopeInfo(InstrumentationScopeInfo.builder((String) span.get("scope"))
					.setSchemaUrl((String) span.get("schemaUrl"))
					.build())
				.setAttributes(attributes.build())
				.setTotalAttributeCount(values.size())
				.build());
		}
		return spans;
	}

	private static SpanContext context(String traceId, String spanId) {
		return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
	}

	private record Exporter(Path file) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			StringBuilder lines = new StringBuilder();
			for (SpanData span : spans) {
				Map<String, Object> attributes = new LinkedHashMap<>();
				span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
				Map<String, Object> line = new LinkedHashMap<>();
				line.put("kind", span.getKind().name());
				line.put("name", span.getName());
				line.put("traceId", span.getTraceId());
				line.put("spanId", span.getSpanId());
				line.put("parentSpanId", span.getParentSpanId());
				line.put("start", span.getStartEpochNanos());
				line.put("end", span.getEndEpochNanos());
				line.put("status", span.getStatus().getStatusCode().name());
				line.put("description", span.getStatus().getDescription());
				line.put("scope", span.getInstrumentationScopeInfo().getName());
				line.put("schemaUrl", span.getInstrumentationScopeInfo().getSchemaUrl());
				line.put("attributes", attributes);
				lines.append(JSON.writeValueAsString(line)).append('\n');
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
