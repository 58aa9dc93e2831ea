package dev.agenttracing.autoconfigure;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.core.env.Environment;

import dev.agenttracing.autoconfigure.AgentTracingProperties.ExportQueue;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.ExportAccounting;

/**
 * Builds the batch processor of one of agent-tracing's own destinations from its
 * {@code <prefix>.queue.*} properties, the one place they are checked: a value that
 * cannot work stops startup with the property's name and the fix. Every destination
 * (trace files, run log, and those to come) is built here, the same way.
 *
 * @author agent-tracing
 */
final class DestinationProcessors {

	private static final String INCLUDE_UNSAMPLED = "management.opentelemetry.tracing.export.include-unsampled";

	private DestinationProcessors() {
	}

	/**
	 * Check the queue properties and build the destination's processor.
	 * @param name the destination's name ({@code exporter} and {@code queue} tag)
	 * @param prefix the destination's property prefix, e.g.
	 * {@code agent.tracing.export.jsonl}
	 * @param queue its queue properties
	 * @param exporter creates its exporter, once the queue properties are known to be
	 * good
	 * @param accounting where to count
	 * @param filters wraps the counted exporter in the application's span filters, if any
	 * @param environment to follow Boot's {@code include-unsampled} as Boot's processor
	 * does
	 * @return the processor, its worker started
	 */
	static DestinationSpanProcessor create(String name, String prefix, ExportQueue queue,
			Supplier<SpanExporter> exporter, ExportAccounting accounting, UnaryOperator<SpanExporter> filters,
			Environment environment) {
		String queuePrefix = prefix + ".queue.";
		SpanExporter destination = exporter.get();
		try {
			DestinationSpanProcessor.Builder builder = DestinationSpanProcessor.builder(name, destination, accounting)
				.exportUnsampledSpans(environment.getProperty(INCLUDE_UNSAMPLED, Boolean.class, false))
				.decorator(filters);
			PropertyFailures.apply(queuePrefix + "max-size", queue.getMaxSize(),
					"set it to a positive number such as 2048", () -> builder.maxQueueSize(queue.getMaxSize()));
			PropertyFailures.apply(queuePrefix + "max-batch-size", queue.getMaxBatchSize(),
					"set it to a positive number no larger than " + queuePrefix + "max-size, such as 512",
					() -> builder.maxBatchSize(queue.getMaxBatchSize()));
			PropertyFailures.apply(queuePrefix + "schedule-delay", queue.getScheduleDelay(),
					"set it to a positive duration such as 1s", () -> builder.scheduleDelay(queue.getScheduleDelay()));
			PropertyFailures.apply(queuePrefix + "export-timeout", queue.getExportTimeout(),
					"set it to a positive duration such as 30s", () -> builder.exportTimeout(queue.getExportTimeout()));
			return PropertyFailures.apply(queuePrefix + "max-batch-size", queue.getMaxBatchSize(),
					"set it to a positive number no larger than " + queuePrefix + "max-size, such as 512",
					builder::build);
		}
		catch (InvalidAgentTracingPropertyException ex) {
			// The destination never starts: its exporter must not keep files or threads
			// open.
			destination.shutdown();
			throw ex;
		}
	}

}
