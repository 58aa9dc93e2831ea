package dev.agenttracing.mcp;

import java.util.Map;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * Writes the trace context into a request's {@code params._meta} and reads it back, with
 * the application's propagators (W3C {@code traceparent}/{@code tracestate}, and
 * {@code baggage} when it is configured).
 *
 * @author agent-tracing
 */
final class MetaPropagation {

	private static final TextMapSetter<Map<String, Object>> SETTER = (carrier, key, value) -> {
		if (carrier != null) {
			carrier.put(key, value);
		}
	};

	private static final TextMapGetter<Map<String, ?>> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, ?> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, ?> carrier, String key) {
			Object value = (carrier != null) ? carrier.get(key) : null;
			return (value instanceof String text) ? text : null;
		}

	};

	private final TextMapPropagator propagator;

	MetaPropagation(TextMapPropagator propagator) {
		this.propagator = propagator;
	}

	void inject(Context context, Map<String, Object> meta) {
		this.propagator.inject(context, meta, SETTER);
	}

	Context extract(@Nullable Map<String, ?> meta) {
		if (meta == null || meta.isEmpty()) {
			return Context.current();
		}
		return this.propagator.extract(Context.root(), meta, GETTER);
	}

}
