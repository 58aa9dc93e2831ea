package dev.agenttracing.export;

import java.util.ArrayList;
import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.internal.OtlpExportFailures;

/**
 * Sends each batch with the OTLP exporter and, when that fails (collector down, timed
 * out, answered with an error after the exporter's retries), keeps the batch in a
 * {@link SpanSpool} to be sent again later; not a batch the collector rejected as bad
 * data (HTTP 400, gRPC INVALID_ARGUMENT), which no resend would change. While the
 * collector is known to be down (it failed within the resend delay), batches go to the
 * spool without an export, so Boot's batch processor is not held up by the exporter's
 * retries and its queue does not overflow; the spool's resends and the first batch after
 * the delay find out when the collector is back. The exporter's own result is still a
 * failure, so its statistics show the failing collector, but the spans are counted as
 * spooled, not dropped, unless the spool cannot keep them either.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class SpoolingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final SpanSpool spool;

	/**
	 * Decorate an exporter and start sending its spool.
	 * @param delegate the OTLP exporter
	 * @param spool where failed batches go
	 * @param stats the exporter's statistics, for the spooled spans it delivers later
	 */
	public SpoolingSpanExporter(SpanExporter delegate, SpanSpool spool, ExporterStats stats) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(spool, "'spool' must not be null");
		this.delegate = delegate;
		this.spool = spool;
		spool.startResending(delegate, stats);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		// The batch processor reuses its list once export returns; the spool may need it
		// later.
		Collection<SpanData> batch = new ArrayList<>(spans);
		if (this.spool.isCollectorDown()) {
			// Straight to disk: waiting out the exporter's retries against a collector
			// known to be
			// down would fill the batch processor's queue, and those spans would be
			// dropped.
			return spoolOrFail(batch, this.spool.lastFailure());
		}
		CompletableResultCode result;
		try {
			result = this.delegate.export(batch);
		}
		catch (RuntimeException ex) {
			return spoolOrFail(batch, ex);
		}
		CompletableResultCode outcome = new CompletableResultCode();
		result.whenComplete(() -> {
			if (result.isSuccess()) {
				this.spool.collectorUp();
				outcome.succeed();
			}
			else {
				CompletableResultCode spooled = spoolOrFail(batch, result.getFailureThrowable());
				outcome.failExceptionally(spooled.getFailureThrowable());
			}
		});
		return outcome;
	}

	private CompletableResultCode spoolOrFail(Collection<SpanData> batch, @Nullable Throwable failure) {
		Throwable cause = (failure != null) ? failure : new IllegalStateException("export failed");
		if (OtlpExportFailures.isBadData(cause)) {
			return CompletableResultCode.ofExceptionalFailure(cause);
		}
		this.spool.collectorDown(cause);
		if (this.spool.write(batch)) {
			return CompletableResultCode.ofExceptionalFailure(new SpooledException(cause));
		}
		return CompletableResultCode.ofExceptionalFailure(cause);
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		// The batch processor has exported its last batch: what failed is on disk now.
		this.spool.close();
		return this.delegate.shutdown();
	}

	/**
	 * The exporter this decorator spools for.
	 * @return the delegate
	 */
	public SpanExporter getDelegate() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "SpoolingSpanExporter{" + this.delegate + "}";
	}

	/**
	 * An export failed but its spans are in the spool: not lost.
	 */
	static final class SpooledException extends RuntimeException {

		SpooledException(Throwable cause) {
			super("spooled after: " + cause, cause, false, false);
		}

	}

}
