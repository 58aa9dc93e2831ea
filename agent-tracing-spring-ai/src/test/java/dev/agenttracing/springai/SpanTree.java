package dev.agenttracing.springai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Prints spans as the trees they form, for test failure messages and the README.
 */
final class SpanTree {

	private SpanTree() {
	}

	static String render(List<SpanData> spans) {
		Map<String, List<SpanData>> children = spans.stream().collect(Collectors.groupingBy(SpanData::getParentSpanId));
		List<String> ids = spans.stream().map(SpanData::getSpanId).toList();
		StringBuilder out = new StringBuilder();
		spans.stream()
			.filter((span) -> !ids.contains(span.getParentSpanId()))
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.forEach((root) -> render(root, children, "", out));
		return out.toString();
	}

	private static void render(SpanData span, Map<String, List<SpanData>> children, String indent, StringBuilder out) {
		out.append(indent).append(span.getName()).append(" [").append(span.getKind()).append(']');
		List<String> attributes = new ArrayList<>();
		span.getAttributes().forEach((key, value) -> {
			if (key.getKey().startsWith("gen_ai.usage") || key.getKey().equals("gen_ai.provider.name")
					|| key.getKey().equals("gen_ai.tool.call.id") || key.getKey().equals("error.type")
					|| key.getKey().equals("gen_ai.response.finish_reasons")
					|| key.getKey().equals("gen_ai.conversation.id")) {
				attributes.add(shortKey(key) + "=" + value);
			}
		});
		if (!attributes.isEmpty()) {
			out.append(' ').append(String.join(" ", attributes));
		}
		out.append(" trace=").append(span.getTraceId(), 0, 8).append('\n');
		children.getOrDefault(span.getSpanId(), List.of())
			.stream()
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.forEach((child) -> render(child, children, indent + "  ", out));
	}

	private static String shortKey(AttributeKey<?> key) {
		return key.getKey().replace("gen_ai.usage.", "").replace("gen_ai.", "");
	}

}
