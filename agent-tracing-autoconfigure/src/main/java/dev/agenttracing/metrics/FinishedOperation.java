package dev.agenttracing.metrics;

import org.jspecify.annotations.Nullable;

/**
 * What {@link OperationMetrics} learns about each finished operation.
 *
 * @param operationName {@code gen_ai.operation.name}
 * @param provider provider name, if known
 * @param requestModel requested model, if known
 * @param responseModel model that answered, if known
 * @param errorType fully qualified exception class name when the operation failed
 * @param durationSeconds how long the operation took
 * @param inputTokens input tokens of an LLM call, if known
 * @param outputTokens output tokens of an LLM call, if known
 * @param timeToFirstChunkSeconds time to the first streamed chunk, or {@code null}
 * @param cost cost of an LLM call in {@code currency}, or {@code null}
 * @param currency currency of {@code cost}
 * @author agent-tracing
 * @since 0.1.0
 */
public record FinishedOperation(String operationName, @Nullable String provider, @Nullable String requestModel,
		@Nullable String responseModel, @Nullable String errorType, double durationSeconds, @Nullable Long inputTokens,
		@Nullable Long outputTokens, @Nullable Double timeToFirstChunkSeconds, @Nullable Double cost, String currency) {
}
