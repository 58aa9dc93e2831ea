package dev.agenttracing.export.log;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.RunTreeAssembler;
import dev.agenttracing.export.RunTreeFormatter;

/**
 * A {@link SpanExporter} that logs each finished top-level agent run once, as an indented
 * tree, at INFO on the {@code dev.agenttracing.runs} logger: a console view for local
 * work that needs no backend. Runs on the batch processor's thread, never the caller's.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentRunLogExporter implements SpanExporter {

	/** Name of the logger the run trees are written to. */
	public static final String LOGGER_NAME = "dev.agenttracing.runs";

	private static final int MAX_BUFFERED_SPANS = 10_000;

	private static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(5);

	private final Log logger;

	private final RunTreeAssembler assembler = new RunTreeAssembler(MAX_BUFFERED_SPANS, MAX_AGE_NANOS);

	private final AtomicBoolean shutdown = new AtomicBoolean();

	/**
	 * Create an exporter that logs to {@value #LOGGER_NAME}.
	 */
	public AgentRunLogExporter() {
		this(LogFactory.getLog(LOGGER_NAME));
	}

	AgentRunLogExporter(Log logger) {
		this.logger = logger;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.shutdown.get()) {
			return CompletableResultCode.ofFailure();
		}
		if (!this.logger.isInfoEnabled()) {
			return CompletableResultCode.ofSuccess();
		}
		for (RunTree run : this.assembler.add(spans)) {
			this.logger
				.info("Agent run finished (trace " + run.span().getTraceId() + ")\n" + RunTreeFormatter.format(run));
		}
		return CompletableResultCode.ofSuccess();
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
		return "AgentRunLogExporter{logger=" + LOGGER_NAME + "}";
	}

}
