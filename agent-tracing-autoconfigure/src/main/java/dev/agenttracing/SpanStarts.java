package dev.agenttracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * What the start paths of the three kinds of operation share.
 *
 * @author agent-tracing
 */
final class SpanStarts {

	private SpanStarts() {
	}

	static @Nullable String orDefault(@Nullable String value, @Nullable String fallback) {
		return StringUtils.hasText(value) ? value : fallback;
	}

	static void setIfText(SpanBuilder builder, AttributeKey<String> key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			builder.setAttribute(key, value);
		}
	}

	/** Inside a run, as the run decided; outside, as the application default says. */
	static boolean recordsContent(@Nullable RunState run, Instruments instruments) {
		return (run != null) ? run.recordsContent() : instruments.content().isEnabled();
	}

}
