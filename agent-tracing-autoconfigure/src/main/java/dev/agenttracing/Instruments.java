package dev.agenttracing;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.metrics.FinishedOperation;
import dev.agenttracing.metrics.OperationMetrics;
import dev.agenttracing.support.TracingFaults;

/**
 * What every traced operation of one {@link AgentTracer} shares: how to read LLM results,
 * how to price them, where metrics go and how content and exception messages are
 * recorded.
 *
 * @author agent-tracing
 */
final class Instruments {

	private final List<LlmResultExtractor> extractors;

	private final ModelPricing pricing;

	private final OperationMetrics metrics;

	private final ContentRecorder content;

	private final RunsInFlight runsInFlight = new RunsInFlight();

	Instruments(List<LlmResultExtractor> extractors, ModelPricing pricing, OperationMetrics metrics,
			ContentRecorder content) {
		this.extractors = List.copyOf(extractors);
		this.content = content;
		this.pricing = pricing;
		this.metrics = metrics;
	}

	@Nullable LlmResult readResult(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof LlmResult result) {
			return result;
		}
		for (LlmResultExtractor extractor : this.extractors) {
			try {
				LlmResult result = extractor.extract(value);
				if (result != null) {
					return result;
				}
			}
			catch (Throwable ex) {
				TracingFaults.report("reading an LLM result with " + extractor.getClass().getName(), ex);
			}
		}
		return null;
	}

	ContentRecorder content() {
		return this.content;
	}

	RunsInFlight runsInFlight() {
		return this.runsInFlight;
	}

	ModelPricing pricing() {
		return this.pricing;
	}

	boolean recordsMetrics() {
		return this.metrics != OperationMetrics.NONE;
	}

	void record(FinishedOperation operation) {
		try {
			this.metrics.record(operation);
		}
		catch (Throwable ex) {
			TracingFaults.report("recording metrics", ex);
		}
	}

}
