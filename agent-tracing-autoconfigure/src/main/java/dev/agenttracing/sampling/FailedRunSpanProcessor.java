package dev.agenttracing.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.sampling.AgentRunSampler.Decision;
import dev.agenttracing.support.TracingFaults;

/**
 * Keeps the spans of agent runs that sampling did not choose (recorded, not sampled)
 * until the run ends, and hands them to the exporting processors, marked sampled, when
 * the run failed; otherwise forgets them. Each such run has a trace of its own (see
 * {@link RunSampling}), so an exported failed run is a whole tree with no parent missing.
 * <p>
 * Bounded: at most {@code maxRuns} runs are held at once and {@code maxSpansPerRun} spans
 * per run; a run beyond that is not kept (runs held for over an hour are forgotten
 * first), spans beyond that are left out. A span of the run that ends after the run
 * itself is not exported.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class FailedRunSpanProcessor implements SpanProcessor {

	private static final long MAX_AGE_NANOS = TimeUnit.HOURS.toNanos(1);

	private final long maxAgeNanos;

	private final Supplier<List<SpanProcessor>> exporting;

	private final int maxRuns;

	private final int maxSpansPerRun;

	/** The runs held, by trace id. */
	private final Map<String, HeldRun> runs = new ConcurrentHashMap<>();

	/**
	 * Create a processor.
	 * @param exporting the span processors (Boot's batch processor among them), asked for
	 * on first use; this one and those that need no end are skipped
	 * @param maxRuns how many runs may be held at once
	 * @param maxSpansPerRun how many spans of one run are held
	 */
	public FailedRunSpanProcessor(Supplier<List<SpanProcessor>> exporting, int maxRuns, int maxSpansPerRun) {
		this(exporting, maxRuns, maxSpansPerRun, MAX_AGE_NANOS);
	}

	FailedRunSpanProcessor(Supplier<List<SpanProcessor>> exporting, int maxRuns, int maxSpansPerRun, long maxAgeNanos) {
		Assert.notNull(exporting, "'exporting' must not be null");
		Assert.isTrue(maxRuns > 0 && maxSpansPerRun > 0, "Limits must be positive");
		this.exporting = exporting;
		this.maxRuns = maxRuns;
		this.maxSpansPerRun = maxSpansPerRun;
		this.maxAgeNanos = maxAgeNanos;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		SpanContext spanContext = span.getSpanContext();
		if (spanContext.isSampled() || AgentRunSampler.decisionIn(parentContext) != Decision.TENTATIVE) {
			return;
		}
		if (this.runs.size() >= this.maxRuns) {
			forgetRunsOlderThan(System.nanoTime() - this.maxAgeNanos);
		}
		if (this.runs.size() < this.maxRuns) {
			this.runs.putIfAbsent(spanContext.getTraceId(), new HeldRun(spanContext.getSpanId(), this.maxSpansPerRun));
		}
		else {
			TracingFaults.notice("failed-run-capacity", "More than " + this.maxRuns + " unsampled agent runs are"
					+ " in flight; further ones are not kept for export on failure");
		}
	}

	// A run whose span never ends (a leak in the traced code) must not hold its place
	// forever.
	private void forgetRunsOlderThan(long startedBefore) {
		this.runs.values().removeIf((run) -> run.startNanos() - startedBefore <= 0);
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext spanContext = span.getSpanContext();
		if (spanContext.isSampled()) {
			return;
		}
		HeldRun run = this.runs.get(spanContext.getTraceId());
		if (run == null) {
			return;
		}
		if (!spanContext.getSpanId().equals(run.rootSpanId())) {
			run.add(span);
			return;
		}
		this.runs.remove(spanContext.getTraceId());
		if (span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR) {
			try {
				List<ReadableSpan> spans = run.spans();
				spans.add(span);
				for (SpanProcessor processor : this.exporting.get()) {
					if (exports(processor)) {
						spans.forEach((held) -> processor.onEnd(new SampledSpan(held)));
					}
				}
			}
			catch (Throwable ex) {
				TracingFaults.report("exporting a failed agent run", ex);
			}
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	// Processors that only look at a span's start saw these ones already; the others
	// (Boot's
	// batch processor, ours, the application's, whatever their package) are the ones that
	// export.
	private boolean exports(SpanProcessor processor) {
		return processor != this && processor.isEndRequired();
	}

	/**
	 * How many unsampled runs are held now, waiting to learn whether they fail.
	 * @return the number of held runs
	 */
	public int heldRuns() {
		return this.runs.size();
	}

	private static final class HeldRun {

		private final String rootSpanId;

		private final int maxSpans;

		private final List<ReadableSpan> spans = new ArrayList<>();

		private final long startNanos = System.nanoTime();

		HeldRun(String rootSpanId, int maxSpans) {
			this.rootSpanId = rootSpanId;
			this.maxSpans = maxSpans;
		}

		long startNanos() {
			return this.startNanos;
		}

		String rootSpanId() {
			return this.rootSpanId;
		}

		synchronized void add(ReadableSpan span) {
			if (this.spans.size() < this.maxSpans) {
				this.spans.add(span);
			}
		}

		synchronized List<ReadableSpan> spans() {
			return new ArrayList<>(this.spans);
		}

	}

	/** A finished span, seen as sampled. */
	private static final class SampledSpan implements ReadableSpan {

		private final ReadableSpan span;

		private final SpanContext spanContext;

		private final SpanContext parentSpanContext;

		SampledSpan(ReadableSpan span) {
			this.span = span;
			this.spanContext = sampled(span.getSpanContext());
			this.parentSpanContext = sampled(span.getParentSpanContext());
		}

		private static SpanContext sampled(SpanContext context) {
			if (!context.isValid() || context.isSampled()) {
				return context;
			}
			return context.isRemote()
					? SpanContext.createFromRemoteParent(context.getTraceId(), context.getSpanId(),
							TraceFlags.getSampled(), context.getTraceState())
					: SpanContext.create(context.getTraceId(), context.getSpanId(), TraceFlags.getSampled(),
							context.getTraceState());
		}

		@Override
		public SpanContext getSpanContext() {
			return this.spanContext;
		}

		@Override
		public SpanContext getParentSpanContext() {
			return this.parentSpanContext;
		}

		@Override
		public String getName() {
			return this.span.getName();
		}

		@Override
		public SpanData toSpanData() {
			SpanContext spanContext = this.spanContext;
			SpanContext parentSpanContext = this.parentSpanContext;
			return new DelegatingSpanData(this.span.toSpanData()) {

				@Override
				public SpanContext getSpanContext() {
					return spanContext;
				}

				@Override
				public SpanContext getParentSpanContext() {
					return parentSpanContext;
				}

			};
		}

		@Override
		@Deprecated
		@SuppressWarnings("deprecation")
		public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
			return this.span.getInstrumentationLibraryInfo();
		}

		@Override
		public InstrumentationScopeInfo getInstrumentationScopeInfo() {
			return this.span.getInstrumentationScopeInfo();
		}

		@Override
		public boolean hasEnded() {
			return this.span.hasEnded();
		}

		@Override
		public long getLatencyNanos() {
			return this.span.getLatencyNanos();
		}

		@Override
		public SpanKind getKind() {
			return this.span.getKind();
		}

		@Override
		public <T> @Nullable T getAttribute(AttributeKey<T> key) {
			return this.span.getAttribute(key);
		}

		@Override
		public Attributes getAttributes() {
			return this.span.getAttributes();
		}

	}

}
