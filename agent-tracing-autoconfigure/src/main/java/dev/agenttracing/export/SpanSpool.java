package dev.agenttracing.export;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.internal.OtlpExportFailures;
import dev.agenttracing.support.TracingFaults;

/**
 * The durable spool of one OTLP exporter: {@link SpoolingSpanExporter} writes the batches
 * the exporter failed to deliver, and a worker thread of its own sends them again, oldest
 * first, each removed from disk only once the collector took it, so each span arrives
 * once. A spool left by an earlier run is sent the same way. A spool that cannot be
 * created or written to counts the spans it loses and reports the fault once; the
 * application never sees it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class SpanSpool implements AutoCloseable {

	// Longer than one OTLP export with its retries; a resend still running then is
	// retried later.
	private static final long RESEND_TIMEOUT_SECONDS = 60;

	private final SpoolStats stats;

	private final @Nullable SpoolStorage storage;

	private final long pollMillis;

	private final Object resendLock = new Object();

	private @Nullable ScheduledExecutorService worker;

	private volatile boolean closed;

	private final long probeNanos;

	// When the last export or resend failed, 0 if the collector took the last one. While
	// it is
	// recent, new batches go straight to disk instead of waiting out the exporter's
	// retries.
	private volatile long downSince;

	private volatile Throwable lastFailure = new IllegalStateException("export failed");

	SpanSpool(File directory, @Nullable SpoolStorage storage, Duration resendDelay) {
		this.stats = new SpoolStats(directory);
		this.storage = storage;
		this.pollMillis = Math.max(50, resendDelay.toMillis() / 2);
		this.probeNanos = resendDelay.toNanos();
	}

	/**
	 * Whether the collector failed within the last {@code resend-delay}: then a new batch
	 * is spooled at once, and the next one after that delay tries the collector again.
	 * @return whether to skip the live export
	 */
	boolean isCollectorDown() {
		long since = this.downSince;
		return since != 0 && System.nanoTime() - since < this.probeNanos && this.storage != null && !this.closed;
	}

	/**
	 * The collector's last failure, to report for the batches spooled without an export.
	 * @return the failure
	 */
	Throwable lastFailure() {
		return this.lastFailure;
	}

	void collectorDown(Throwable failure) {
		this.lastFailure = failure;
		long now = System.nanoTime();
		this.downSince = (now != 0) ? now : 1;
	}

	void collectorUp() {
		this.downSince = 0;
	}

	/**
	 * Open (or create) a spool in the contrib disk-buffering format.
	 * @param directory the spool's directory
	 * @param maxBytes how much disk its files may use
	 * @param maxAge how long spooled spans are kept
	 * @param resendDelay how long one file takes writes before it can be sent
	 * @return the spool; one that counts every span as dropped if the directory is
	 * unusable
	 */
	public static SpanSpool onDisk(File directory, long maxBytes, Duration maxAge, Duration resendDelay) {
		SpoolStorage storage = null;
		try {
			storage = new ContribSpoolStorage(directory, maxBytes, maxAge, resendDelay);
		}
		catch (RuntimeException ex) {
			TracingFaults.report("opening the span spool in " + directory, ex);
		}
		return new SpanSpool(directory, storage, resendDelay);
	}

	/**
	 * What this spool did.
	 * @return its counters
	 */
	public SpoolStats getStats() {
		return this.stats;
	}

	/**
	 * Keep a batch the exporter could not deliver.
	 * @param spans the batch
	 * @return whether it was kept; if not, its spans are counted as dropped
	 */
	boolean write(Collection<SpanData> spans) {
		SpoolStorage storage = this.storage;
		try {
			if (storage == null || this.closed) {
				throw new IOException("the spool in " + this.stats.getDirectory() + " is not open");
			}
			storage.write(spans);
			this.stats.spooled(spans.size());
			return true;
		}
		catch (IOException | RuntimeException ex) {
			TracingFaults.report("writing spans to the spool in " + this.stats.getDirectory(), ex);
			this.stats.dropped(spans.size());
			return false;
		}
	}

	/**
	 * Start sending spooled batches to {@code target}, counting them for
	 * {@code exporter}.
	 * @param target the exporter itself, undecorated
	 * @param exporter its statistics, for the spans it delivers
	 */
	synchronized void startResending(SpanExporter target, ExporterStats exporter) {
		Assert.state(this.worker == null, "the spool already sends to an exporter");
		if (this.storage == null || this.closed) {
			return;
		}
		ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "agent-tracing-spool");
			thread.setDaemon(true);
			return thread;
		});
		worker.scheduleWithFixedDelay(() -> resend(target, exporter), this.pollMillis, this.pollMillis,
				TimeUnit.MILLISECONDS);
		this.worker = worker;
	}

	/**
	 * Send what is ready, oldest first, until the spool is empty or a batch fails.
	 * @param target where to send
	 * @param exporter its statistics
	 */
	void resend(SpanExporter target, ExporterStats exporter) {
		SpoolStorage storage = this.storage;
		if (storage == null) {
			return;
		}
		synchronized (this.resendLock) {
			try {
				while (!this.closed) {
					Collection<SpanData> batch = storage.next();
					if (batch == null) {
						return;
					}
					if (!batch.isEmpty()) {
						CompletableResultCode result = target.export(batch)
							.join(RESEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
						Throwable failure = result.getFailureThrowable();
						if (result.isSuccess()) {
							collectorUp();
							this.stats.resent(batch.size());
							exporter.exported(batch.size());
						}
						else if (failure != null && OtlpExportFailures.isBadData(failure)) {
							// Never to be taken: it must not hold up the batches behind
							// it.
							this.stats.dropped(batch.size());
							exporter.failed(batch.size(),
									"a spooled batch was rejected: " + failure.getClass().getName());
						}
						else {
							// Still down: the batch stays first in line, on disk and
							// here.
							if (failure != null) {
								collectorDown(failure);
							}
							return;
						}
					}
					storage.removeLast();
				}
			}
			catch (RuntimeException ex) {
				TracingFaults.report("sending spooled spans", ex);
			}
		}
	}

	/**
	 * Stop sending; what is not sent yet stays on disk for the next run.
	 */
	synchronized void stopResending() {
		ScheduledExecutorService worker = this.worker;
		if (worker != null) {
			worker.shutdownNow();
			this.worker = null;
		}
	}

	/**
	 * Stop sending and close the files; what is not sent yet stays on disk for the next
	 * run.
	 */
	@Override
	public void close() {
		stopResending();
		this.closed = true;
		SpoolStorage storage = this.storage;
		if (storage != null) {
			synchronized (this.resendLock) {
				try {
					storage.close();
				}
				catch (IOException | RuntimeException ex) {
					TracingFaults.report("closing the span spool", ex);
				}
			}
		}
	}

}
