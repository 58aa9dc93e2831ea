package dev.agenttracing.internal;

import java.lang.reflect.Field;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.agenttracing.support.TracingFaults;

/**
 * Keeps Micrometer Tracing's view of the current span in step with ours.
 * <p>
 * Micrometer Tracing's OpenTelemetry bridge, when it makes a span current (an
 * observation's: the HTTP server request), also stores it in the context under a key of
 * its own, and its {@code currentSpan()} reads that key before {@code Span.current()}. A
 * context made from it by adding our span inherits the key, so Micrometer would still see
 * the outer span as current: Spring's observations inside an agent run (the
 * {@code RestClient} call of a tool) would get the HTTP server span as parent instead of
 * the tool span. The contexts our operations make current therefore leave that key empty,
 * and Micrometer falls back to {@code Span.current()}, which is our span.
 * <p>
 * The key is private to the bridge and read once, reflectively; without the bridge, or if
 * it changes, contexts are left as they are.
 *
 * @author agent-tracing
 */
public final class MicrometerTracingBridge {

	private static final Log logger = LogFactory.getLog(MicrometerTracingBridge.class);

	private static final String CURRENT_TRACE_CONTEXT = "io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext";

	private static final @Nullable ContextKey<@Nullable Object> BRIDGE_SPAN = findBridgeSpanKey();

	private MicrometerTracingBridge() {
	}

	/**
	 * The given context without the bridge's record of its current span.
	 * @param context a context
	 * @return {@code context} itself, or a copy whose bridge span is empty
	 */
	public static Context withoutBridgeSpan(Context context) {
		ContextKey<@Nullable Object> key = BRIDGE_SPAN;
		if (key == null || context.get(key) == null) {
			return context;
		}
		try {
			return context.with(key, null);
		}
		catch (Throwable ex) {
			TracingFaults.report("hiding Micrometer's current span from an agent-tracing span", ex);
			return context;
		}
	}

	@SuppressWarnings("unchecked")
	private static @Nullable ContextKey<@Nullable Object> findBridgeSpanKey() {
		ClassLoader classLoader = MicrometerTracingBridge.class.getClassLoader();
		if (!ClassUtils.isPresent(CURRENT_TRACE_CONTEXT, classLoader)) {
			return null;
		}
		try {
			Field field = ReflectionUtils.findField(ClassUtils.forName(CURRENT_TRACE_CONTEXT, classLoader),
					"OTEL_CONTEXT_KEY", ContextKey.class);
			if (field == null) {
				logger.debug("Micrometer Tracing's OpenTelemetry bridge has no OTEL_CONTEXT_KEY field");
				return null;
			}
			ReflectionUtils.makeAccessible(field);
			return (ContextKey<@Nullable Object>) field.get(null);
		}
		catch (Throwable ex) {
			logger.debug("Cannot read the context key of Micrometer Tracing's OpenTelemetry bridge", ex);
			return null;
		}
	}

}
