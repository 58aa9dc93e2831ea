package dev.agenttracing.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SpanExporter} that only counts what it is given. As a bean it is batched by
 * Boot's {@code BatchSpanProcessor}, so the traced cases pay everything up to the
 * exporter: span creation, ending, and the hand-off to the batch queue.
 *
 * @author agent-tracing
 */
public class NoopSpanExporter implements SpanExporter {

	private final LongAdder exported = new LongAdder();

	private volatile @Nullable SpanData last;

	private volatile @Nullable List<SpanData> recorded;

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		this.exported.add(spans.size());
		for (SpanData span : spans) {
			this.last = span;
		}
		List<SpanData> recorded = this.recorded;
		if (recorded != null) {
			recorded.addAll(spans);
		}
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	long exported() {
		return this.exported.sum();
	}

	/**
	 * The last span exported, for checking what a case records.
	 * @return the span or {@code null}
	 */
	@Nullable SpanData last() {
		return this.last;
	}

	/**
	 * Keep every span exported from now on, for checking what a case records (before
	 * measuring only: the list grows without bound).
	 * @return the list the spans go to
	 */
	List<SpanData> record() {
		List<SpanData> recorded = new CopyOnWriteArrayList<>();
		this.recorded = recorded;
		return recorded;
	}

	/**
	 * Stop keeping the spans exported.
	 */
	void stopRecording() {
		this.recorded = null;
	}

}
