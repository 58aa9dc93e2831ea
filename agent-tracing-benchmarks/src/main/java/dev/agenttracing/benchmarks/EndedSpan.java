package dev.agenttracing.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * A finished span as a span processor's {@code onEnd} receives it, made from prepared
 * {@link SpanData}, so that a processor benchmark measures the processor and its
 * exporter, not the making of spans.
 *
 * @author agent-tracing
 */
final class EndedSpan implements ReadableSpan {

	private final SpanData data;

	EndedSpan(SpanData data) {
		this.data = data;
	}

	@Override
	public SpanContext getSpanContext() {
		return this.data.getSpanContext();
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.data.getParentSpanContext();
	}

	@Override
	public String getName() {
		return this.data.getName();
	}

	@Override
	public SpanData toSpanData() {
		return this.data;
	}

	@Override
	@Deprecated
	@SuppressWarnings("deprecation")
	public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
		return this.data.getInstrumentationLibraryInfo();
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return this.data.getInstrumentationScopeInfo();
	}

	@Override
	public boolean hasEnded() {
		return true;
	}

	@Override
	public long getLatencyNanos() {
		return this.data.getEndEpochNanos() - this.data.getStartEpochNanos();
	}

	@Override
	public SpanKind getKind() {
		return this.data.getKind();
	}

	@Override
	public <T> @Nullable T getAttribute(AttributeKey<T> key) {
		return this.data.getAttributes().get(key);
	}

	@Override
	public Attributes getAttributes() {
		return this.data.getAttributes();
	}

}
