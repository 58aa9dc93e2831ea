package dev.agenttracing.export.runs;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.agenttracing.export.RunTree;

/**
 * A cheap estimate of the heap a span holds: a fixed overhead for the span and each
 * attribute and event, plus two bytes per character of keys and string values. Content
 * attributes dominate, and they are strings, so this is close enough to bound memory by.
 */
final class SpanSizes {

	private static final int SPAN_OVERHEAD = 400;

	private static final int ENTRY_OVERHEAD = 48;

	private SpanSizes() {
	}

	static long estimate(RunTree tree) {
		long size = estimate(tree.span());
		for (RunTree child : tree.children()) {
			size += estimate(child);
		}
		return size;
	}

	static long estimate(SpanData span) {
		long size = SPAN_OVERHEAD + 2L * span.getName().length() + estimate(span.getAttributes());
		for (EventData event : span.getEvents()) {
			size += ENTRY_OVERHEAD + 2L * event.getName().length() + estimate(event.getAttributes());
		}
		return size;
	}

	private static long estimate(Attributes attributes) {
		long[] size = { 0 };
		attributes.forEach((key, value) -> size[0] += ENTRY_OVERHEAD + 2L * key.getKey().length() + estimate(value));
		return size[0];
	}

	private static long estimate(Object value) {
		if (value instanceof String text) {
			return 2L * text.length();
		}
		if (value instanceof List<?> list) {
			long size = 0;
			for (Object element : list) {
				size += 16 + estimate(element);
			}
			return size;
		}
		return 16;
	}

}
