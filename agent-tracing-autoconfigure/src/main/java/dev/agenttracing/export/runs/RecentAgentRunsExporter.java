package dev.agenttracing.export.runs;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.RunTreeAssembler;

/**
 * A {@link SpanExporter} that assembles exported spans into top-level agent runs and
 * keeps each finished run in a {@link RecentAgentRuns} store. It runs on a batch
 * processor's thread, never on a traced call's, and sees only exported (so already
 * redacted) spans. The spans of a run wait in a bounded buffer until the run's own span
 * arrives.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class RecentAgentRunsExporter implements SpanExporter {

	private final RecentAgentRuns runs;

	private final RunTreeAssembler assembler;

	private final AtomicBoolean shutdown = new AtomicBoolean();

	/**
	 * Create an exporter.
	 * @param runs the store to keep runs in
	 * @param maxPendingSpans how many spans may wait for their run's own span at most
	 * @param maxPendingNanos how long spans may wait for their run's own span at most
	 */
	public RecentAgentRunsExporter(RecentAgentRuns runs, int maxPendingSpans, long maxPendingNanos) {
		this.runs = runs;
		this.assembler = new RunTreeAssembler(maxPendingSpans, maxPendingNanos);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.shutdown.get()) {
			return CompletableResultCode.ofFailure();
		}
		for (RunTree run : this.assembler.add(spans)) {
			this.runs.add(run);
		}
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Number of spans waiting for their run's own span.
	 * @return the pending span count
	 */
	public int pendingSpans() {
		return this.assembler.bufferedSpans();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.shutdown.set(true);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "RecentAgentRunsExporter";
	}

}
