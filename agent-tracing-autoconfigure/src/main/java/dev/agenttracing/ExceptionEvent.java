package dev.agenttracing;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * The {@code exception} event of a failed operation, as {@code Span.recordException}
 * would write it but with the message and stack trace redacted (content recording on or
 * off); a text that cannot be redacted is left out. The span status carries no
 * description, so the message reaches the span only here.
 *
 * @author agent-tracing
 */
final class ExceptionEvent {

	private ExceptionEvent() {
	}

	static Attributes attributes(Throwable cause, ContentRecorder content) {
		AttributesBuilder attributes = Attributes.builder()
			.put(GenAiAttributes.EXCEPTION_TYPE, cause.getClass().getName());
		String message = content.redactText(cause.getMessage());
		if (message != null) {
			attributes.put(GenAiAttributes.EXCEPTION_MESSAGE, message);
		}
		StringWriter stackTrace = new StringWriter();
		cause.printStackTrace(new PrintWriter(stackTrace));
		String redactedTrace = content.redactText(stackTrace.toString());
		if (redactedTrace != null) {
			attributes.put(GenAiAttributes.EXCEPTION_STACKTRACE, redactedTrace);
		}
		return attributes.build();
	}

}
