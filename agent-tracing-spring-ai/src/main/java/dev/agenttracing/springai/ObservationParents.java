package dev.agenttracing.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.memory.ChatMemory;

import dev.agenttracing.StartedOperation;

/**
 * Finds where a Spring AI observation belongs from its parent observations rather than
 * from the thread it starts on. A streamed turn runs its second model call and its tools
 * on Reactor threads that carry no OpenTelemetry context, but Spring AI always links the
 * observations: the nearest parent with a span gives the parent span, and the nearest
 * parent that recorded the caller's context (a {@code ChatClient} call, an operation of
 * ours) gives what the caller had current (the agent run, its context).
 *
 * @author agent-tracing
 */
final class ObservationParents {

	private ObservationParents() {
	}

	/**
	 * The context to start an operation of ours in, for an observation that is starting.
	 * @param context the observation's context
	 * @return the parent context
	 */
	static Context parentContext(Observation.ContextView context) {
		Span parentSpan = null;
		Context base = null;
		for (ObservationView parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			Observation.ContextView view = parent.getContextView();
			StartedOperation ours = view.get(StartedOperation.class);
			if (ours != null) {
				base = ours.context();
				break;
			}
			if (parentSpan == null) {
				TracingContext tracing = view.get(TracingContext.class);
				if (tracing != null && tracing.getSpan() != null) {
					parentSpan = OtelSpan.toOtel(tracing.getSpan());
				}
			}
			CallerContext caller = view.get(CallerContext.class);
			if (caller != null) {
				base = caller.context();
				break;
			}
		}
		Context current = Context.current();
		if (parentSpan == null) {
			return (base != null) ? base : current;
		}
		if (isInside(current, parentSpan)) {
			return current;
		}
		return ((base != null) ? base : current).with(parentSpan);
	}

	/**
	 * Whether the current span is another span of the parent observation's trace:
	 * something started inside that observation on this thread (an agent run inside an
	 * HTTP request) that Micrometer does not know as an observation, and the closer
	 * parent.
	 */
	private static boolean isInside(Context current, Span parentSpan) {
		SpanContext currentSpan = Span.fromContext(current).getSpanContext();
		SpanContext parent = parentSpan.getSpanContext();
		return currentSpan.isValid() && !currentSpan.getSpanId().equals(parent.getSpanId())
				&& currentSpan.getTraceId().equals(parent.getTraceId());
	}

	/**
	 * The ChatMemory conversation id of the {@code ChatClient} call the observation
	 * belongs to.
	 * @param context the observation's context
	 * @return the conversation id, or {@code null}
	 */
	static @Nullable String conversationId(Observation.ContextView context) {
		for (ObservationView parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			ChatClientRequest request = requestOf(parent.getContextView());
			if (request != null) {
				Object id = request.context().get(ChatMemory.CONVERSATION_ID);
				if (id != null && !id.toString().isBlank()) {
					return id.toString();
				}
			}
		}
		return null;
	}

	/**
	 * The {@code ChatClient} request handed to the advisor or client whose observation is
	 * the nearest parent that has one.
	 * @param context the observation's context
	 * @return the request, or {@code null}
	 */
	static @Nullable ChatClientRequest nearestRequest(Observation.ContextView context) {
		for (ObservationView parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			ChatClientRequest request = requestOf(parent.getContextView());
			if (request != null) {
				return request;
			}
		}
		return null;
	}

	private static @Nullable ChatClientRequest requestOf(Observation.ContextView view) {
		if (view instanceof AdvisorObservationContext advisor) {
			return advisor.getChatClientRequest();
		}
		if (view instanceof ChatClientObservationContext client) {
			return client.getRequest();
		}
		return null;
	}

	/**
	 * The OpenTelemetry context that was current when a {@code ChatClient} call started.
	 *
	 * @param context the caller's context
	 */
	record CallerContext(Context context) {
	}

}
