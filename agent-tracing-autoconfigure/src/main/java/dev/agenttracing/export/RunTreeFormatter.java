package dev.agenttracing.export;

import java.util.Locale;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Renders a {@link RunTree} as compact indented text, one span a line: name, duration, an
 * ERROR mark with the error type, time to first chunk, tokens and cost when known.
 *
 * <pre>
 * invoke_agent trip-planner  412 ms  tokens 310 in / 40 out  0.001175 USD
 *   chat gpt-4o  180 ms  tokens 120 in / 12 out  0.000420 USD
 *   execute_tool get_weather  12.1 ms
 *   execute_tool find_activities  230 ms
 *     invoke_agent local-guide  228 ms
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class RunTreeFormatter {

	private RunTreeFormatter() {
	}

	/**
	 * Render the tree.
	 * @param tree the tree
	 * @return the text, lines separated by {@code \n}, without a trailing newline
	 */
	public static String format(RunTree tree) {
		StringBuilder text = new StringBuilder(64 * tree.size());
		append(text, tree, 0);
		text.setLength(text.length() - 1);
		return text.toString();
	}

	private static void append(StringBuilder text, RunTree tree, int depth) {
		SpanData span = tree.span();
		text.append("  ".repeat(depth)).append(span.getName()).append("  ");
		text.append(duration(span.getEndEpochNanos() - span.getStartEpochNanos()));
		if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
			text.append("  ERROR");
			String errorType = span.getAttributes().get(GenAiAttributes.ERROR_TYPE);
			if (errorType != null) {
				text.append(' ').append(errorType);
			}
		}
		appendUsage(text, span);
		if (Boolean.TRUE.equals(span.getAttributes().get(GenAiAttributes.CANCELLED))) {
			text.append("  cancelled");
		}
		text.append('\n');
		for (RunTree child : tree.children()) {
			append(text, child, depth + 1);
		}
	}

	private static void appendUsage(StringBuilder text, SpanData span) {
		Double firstChunk = span.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK);
		if (firstChunk != null) {
			text.append("  first chunk ").append(duration((long) (firstChunk * 1e9)));
		}
		Long input = span.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS);
		Long output = span.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS);
		if (input != null || output != null) {
			text.append("  tokens ").append((input != null) ? input : "?").append(" in / ");
			text.append((output != null) ? output : "?").append(" out");
		}
		Double cost = span.getAttributes().get(GenAiAttributes.COST);
		if (cost != null) {
			text.append(String.format(Locale.ROOT, "  %.6f %s", cost,
					span.getAttributes().get(GenAiAttributes.COST_CURRENCY)));
		}
	}

	static String duration(long nanos) {
		double millis = nanos / 1_000_000.0;
		if (millis < 100) {
			return String.format(Locale.ROOT, "%.1f ms", millis);
		}
		if (millis < 10_000) {
			return String.format(Locale.ROOT, "%.0f ms", millis);
		}
		return String.format(Locale.ROOT, "%.2f s", millis / 1000);
	}

}
