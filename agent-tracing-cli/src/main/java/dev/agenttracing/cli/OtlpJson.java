package dev.agenttracing.cli;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one line of an OTLP/JSON file: an {@code ExportTraceServiceRequest} in the
 * protobuf JSON mapping, as agent-tracing's JSONL exporter and the Collector's file
 * exporter write it. Ids are hex (OTLP/JSON); base64 ids, as a plain protobuf JSON
 * printer writes them, are read too. 64-bit integers may be strings or numbers, enums
 * numbers or names.
 */
final class OtlpJson {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String INVALID_SPAN_ID = "0000000000000000";

	private OtlpJson() {
	}

	static List<SpanData> spans(String line) {
		JsonNode request = json.readTree(line);
		List<SpanData> spans = new ArrayList<>();
		for (JsonNode resourceSpans : request.path("resourceSpans")) {
			Resource resource = Resource.create(attributes(resourceSpans.path("resource").path("attributes")));
			JsonNode scopes = resourceSpans.has("scopeSpans") ? resourceSpans.path("scopeSpans")
					: resourceSpans.path("instrumentationLibrarySpans");
			for (JsonNode scopeSpans : scopes) {
				JsonNode scopeNode = scopeSpans.has("scope") ? scopeSpans.path("scope")
						: scopeSpans.path("instrumentationLibrary");
				InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder(scopeNode.path("name").asString(""))
					.setVersion(text(scopeNode.path("version")))
					.setSchemaUrl(text(scopeSpans.path("schemaUrl")))
					.build();
				for (JsonNode span : scopeSpans.path("spans")) {
					spans.add(span(span, scope, resource));
				}
			}
		}
		return spans;
	}

	private static SpanData span(JsonNode span, InstrumentationScopeInfo scope, Resource resource) {
		String traceId = id(span.path("traceId").asString(""), 32);
		SpanContext context = SpanContext.create(traceId, id(span.path("spanId").asString(""), 16),
				TraceFlags.getSampled(), TraceState.getDefault());
		String parentId = id(span.path("parentSpanId").asString(""), 16);
		SpanContext parent = (parentId.isEmpty() || parentId.equals(INVALID_SPAN_ID)) ? SpanContext.getInvalid()
				: SpanContext.create(traceId, parentId, TraceFlags.getSampled(), TraceState.getDefault());
		List<EventData> events = new ArrayList<>();
		for (JsonNode event : span.path("events")) {
			events.add(EventData.create(nanos(event.path("timeUnixNano")), event.path("name").asString(""),
					attributes(event.path("attributes"))));
		}
		JsonNode status = span.path("status");
		return new FileSpan(span.path("name").asString(""), kind(span.path("kind")), context, parent,
				StatusData.create(statusCode(status.path("code")), status.path("message").asString("")),
				nanos(span.path("startTimeUnixNano")), nanos(span.path("endTimeUnixNano")),
				attributes(span.path("attributes")), List.copyOf(events), scope, resource);
	}

	static Attributes attributes(JsonNode list) {
		AttributesBuilder builder = Attributes.builder();
		for (JsonNode attribute : list) {
			put(builder, attribute.path("key").asString(""), attribute.path("value"));
		}
		return builder.build();
	}

	private static void put(AttributesBuilder builder, String key, JsonNode value) {
		if (value.has("stringValue")) {
			builder.put(key, value.get("stringValue").asString());
		}
		else if (value.has("intValue")) {
			builder.put(key, value.get("intValue").asLong());
		}
		else if (value.has("doubleValue")) {
			builder.put(key, value.get("doubleValue").asDouble());
		}
		else if (value.has("boolValue")) {
			builder.put(key, value.get("boolValue").asBoolean());
		}
		else if (value.has("arrayValue")) {
			putArray(builder, key, value.get("arrayValue").path("values"));
		}
		else if (value.has("kvlistValue") || value.has("bytesValue")) {
			builder.put(key, value.toString());
		}
	}

	private static void putArray(AttributesBuilder builder, String key, JsonNode values) {
		List<String> strings = new ArrayList<>();
		List<Long> longs = new ArrayList<>();
		List<Double> doubles = new ArrayList<>();
		List<Boolean> booleans = new ArrayList<>();
		for (JsonNode value : values) {
			if (value.has("intValue")) {
				longs.add(value.get("intValue").asLong());
			}
			else if (value.has("doubleValue")) {
				doubles.add(value.get("doubleValue").asDouble());
			}
			else if (value.has("boolValue")) {
				booleans.add(value.get("boolValue").asBoolean());
			}
			else {
				strings.add(value.has("stringValue") ? value.get("stringValue").asString() : value.toString());
			}
		}
		if (!longs.isEmpty() && strings.isEmpty() && doubles.isEmpty() && booleans.isEmpty()) {
			builder.put(AttributeKey.longArrayKey(key), longs);
		}
		else if (!doubles.isEmpty() && strings.isEmpty() && longs.isEmpty() && booleans.isEmpty()) {
			builder.put(AttributeKey.doubleArrayKey(key), doubles);
		}
		else if (!booleans.isEmpty() && strings.isEmpty() && longs.isEmpty() && doubles.isEmpty()) {
			builder.put(AttributeKey.booleanArrayKey(key), booleans);
		}
		else {
			longs.forEach((value) -> strings.add(String.valueOf(value)));
			doubles.forEach((value) -> strings.add(String.valueOf(value)));
			booleans.forEach((value) -> strings.add(String.valueOf(value)));
			builder.put(AttributeKey.stringArrayKey(key), strings);
		}
	}

	// OTLP/JSON ids are hex; a plain protobuf JSON printer writes base64.
	private static String id(String value, int hexLength) {
		if (value.isEmpty() || value.length() == hexLength) {
			return value.toLowerCase(Locale.ROOT);
		}
		try {
			return HexFormat.of().formatHex(Base64.getDecoder().decode(value));
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	private static long nanos(JsonNode value) {
		return value.isMissingNode() ? 0 : Long.parseLong(value.asString("0"));
	}

	private static SpanKind kind(JsonNode value) {
		String name = value.asString("");
		if (value.isNumber() || name.matches("\\d+")) {
			return switch (value.asInt()) {
				case 2 -> SpanKind.SERVER;
				case 3 -> SpanKind.CLIENT;
				case 4 -> SpanKind.PRODUCER;
				case 5 -> SpanKind.CONSUMER;
				default -> SpanKind.INTERNAL;
			};
		}
		return switch (name) {
			case "SPAN_KIND_SERVER" -> SpanKind.SERVER;
			case "SPAN_KIND_CLIENT" -> SpanKind.CLIENT;
			case "SPAN_KIND_PRODUCER" -> SpanKind.PRODUCER;
			case "SPAN_KIND_CONSUMER" -> SpanKind.CONSUMER;
			default -> SpanKind.INTERNAL;
		};
	}

	private static StatusCode statusCode(JsonNode value) {
		String name = value.asString("");
		if (value.isNumber() || name.matches("\\d+")) {
			return switch (value.asInt()) {
				case 1 -> StatusCode.OK;
				case 2 -> StatusCode.ERROR;
				default -> StatusCode.UNSET;
			};
		}
		return switch (name) {
			case "STATUS_CODE_OK" -> StatusCode.OK;
			case "STATUS_CODE_ERROR" -> StatusCode.ERROR;
			default -> StatusCode.UNSET;
		};
	}

	private static @Nullable String text(JsonNode value) {
		String text = value.asString("");
		return text.isEmpty() ? null : text;
	}

}
