package dev.agenttracing.export;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.internal.OtlpExportFailures;
import dev.agenttracing.support.TracingFaults;

/**
 * Counts what one exporter does with each batch: spans exported, or spans dropped and a
 * failure when the export fails, throws or reports failure later. The delegate is
 * otherwise untouched; this decorator sits inside Boot's batch processor (one exporter
 * list), never in a second processor, so nothing is exported twice.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AccountingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final ExporterStats stats;

	/**
	 * Create a counting decorator.
	 * @param delegate the exporter that does the work
	 * @param stats where to count
	 */
	public AccountingSpanExporter(SpanExporter delegate, ExporterStats stats) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(stats, "'stats' must not be null");
		this.delegate = delegate;
		this.stats = stats;
	}

	/**
	 * A short name for an exporter, used as the {@code exporter} tag.
	 * @param exporter the exporter
	 * @return {@code otlp-http}, {@code otlp-grpc}, {@code jsonl}, {@code log} or the
	 * class's simple name
	 */
	public static String nameOf(SpanExporter exporter) {
		String type = exporter.getClass().getSimpleName();
		return switch (type) {
			case "SpoolingSpanExporter" -> nameOf(((SpoolingSpanExporter) exporter).getDelegate());
			case "OtlpHttpSpanExporter" -> "otlp-http";
			case "OtlpGrpcSpanExporter" -> "otlp-grpc";
			case "JsonlSpanExporter" -> "jsonl";
			case "AgentRunLogExporter" -> "log";
			case "RecentAgentRunsExporter" -> "runs";
			default -> type.isEmpty() ? exporter.getClass().getName() : type;
		};
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		CompletableResultCode result;
		try {
			result = this.delegate.export(spans);
		}
		catch (Throwable ex) {
			TracingFaults.report("exporting spans with " + this.stats.getName(), ex);
			this.stats.failed(count, describe(ex));
			return CompletableResultCode.ofFailure();
		}
		result.whenComplete(() -> {
			if (result.isSuccess()) {
				this.stats.exported(count);
			}
			else if (result.getFailureThrowable() instanceof SpoolingSpanExporter.SpooledException spooled) {
				this.stats.spooled(count, describe(spooled.getCause()));
			}
			else {
				this.stats.failed(count, describe(result.getFailureThrowable()));
			}
		});
		return result;
	}

	// Only the exception type and its message, or the status the endpoint answered:
	// exporters put
	// status codes and endpoints there, never request headers.
	private static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "export failed";
		}
		String message = failure.getMessage();
		if (message == null) {
			message = OtlpExportFailures.describe(failure);
		}
		return failure.getClass().getName() + ((message != null) ? ": " + message : "");
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	/**
	 * The exporter this decorator counts for.
	 * @return the delegate
	 */
	public SpanExporter getDelegate() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "AccountingSpanExporter{" + this.delegate + "}";
	}

}
