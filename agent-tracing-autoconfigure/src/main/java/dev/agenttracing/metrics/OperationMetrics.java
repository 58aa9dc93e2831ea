package dev.agenttracing.metrics;

/**
 * Records metrics for finished operations. The auto-configuration provides the Micrometer
 * implementation of the GenAI client metrics when a {@code MeterRegistry} exists.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@FunctionalInterface
public interface OperationMetrics {

	/** Records nothing. */
	OperationMetrics NONE = (operation) -> {
	};

	/**
	 * Record a finished operation. Called once per operation, on the thread that ended
	 * it; must be quick and must not throw.
	 * @param operation the finished operation
	 */
	void record(FinishedOperation operation);

}
