package dev.agenttracing;

import java.util.function.Function;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.support.TracingFaults;

/**
 * Stamps the user, session and conversation ids of the current {@link AgentContext} on
 * every span that starts while it is current, whoever starts it: agent-tracing's tool and
 * LLM spans, Spring's HTTP client and server spans, a library's own spans. Boot applies
 * every {@link SpanProcessor} bean to its tracer provider; an SDK built by hand needs
 * this processor added to it.
 * <p>
 * The values are redacted once per context, not once per span.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentContextSpanProcessor implements SpanProcessor {

	private final Function<String, @Nullable String> redaction;

	/**
	 * Create a processor.
	 * @param redaction how values are redacted before they reach a span; a {@code null}
	 * result leaves the value out
	 */
	public AgentContextSpanProcessor(Function<String, @Nullable String> redaction) {
		Assert.notNull(redaction, "'redaction' must not be null");
		this.redaction = redaction;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		try {
			AgentContext agentContext = AgentContext.fromContext(parentContext);
			if (agentContext != AgentContext.EMPTY) {
				Attributes identity = agentContext.identityAttributes(this.redaction);
				if (!identity.isEmpty()) {
					span.setAllAttributes(identity);
				}
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("stamping the agent context on a span", ex);
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

}
