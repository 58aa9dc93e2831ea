package dev.agenttracing.actuate.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportStatistics;
import dev.agenttracing.export.ExporterStatistics;
import dev.agenttracing.export.QueueStatistics;
import dev.agenttracing.export.SpoolStats;
import dev.agenttracing.export.TraceFlusher;
import dev.agenttracing.export.TraceFlusher.FlushResult;

/**
 * {@link Endpoint @Endpoint} {@code agenttracing}: what agent-tracing is configured to do
 * with spans (exporters, endpoints without secrets, content recording, sampling), the
 * export counters, each batch queue (size, capacity, drops), and a {@code flush}
 * operation. Like every endpoint but health, it is not exposed over HTTP unless the
 * application exposes it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Endpoint(id = "agenttracing")
public class AgentTracingEndpoint {

	private final Supplier<Map<String, Object>> configuration;

	private final ExportStatistics accounting;

	private final @Nullable TraceFlusher flusher;

	private final @Nullable AgentTracer agentTracer;

	/**
	 * Create the endpoint.
	 * @param configuration supplies the effective configuration, already free of secrets
	 * @param accounting the export counters
	 * @param flusher the flusher, or {@code null} if there is no SDK to flush
	 * @param agentTracer the tracer whose agent runs in flight are shown, or {@code null}
	 */
	public AgentTracingEndpoint(Supplier<Map<String, Object>> configuration, ExportStatistics accounting,
			@Nullable TraceFlusher flusher, @Nullable AgentTracer agentTracer) {
		this.configuration = configuration;
		this.accounting = accounting;
		this.flusher = flusher;
		this.agentTracer = agentTracer;
	}

	@ReadOperation
	public AgentTracingDescriptor status() {
		List<ExporterDescriptor> exporters = new ArrayList<>();
		for (ExporterStatistics stats : this.accounting.getExporters()) {
			exporters
				.add(new ExporterDescriptor(stats.getName(), stats.isFailing() ? "failing" : "ok", stats.getExported(),
						stats.getDropped(), stats.getDroppedQueueFull(), stats.getFailures(), stats.getLastError(),
						(stats.getLastErrorTime() != null) ? stats.getLastErrorTime().toString() : null,
						(stats.getLastSuccessTime() != null) ? stats.getLastSuccessTime().toString() : null));
		}
		List<QueueDescriptor> queues = new ArrayList<>();
		for (QueueStatistics queue : this.accounting.getQueues()) {
			queues.add(new QueueDescriptor(queue.getName(), queue.getExporters(), queue.getSize(), queue.getCapacity(),
					queue.getDropped()));
		}
		Map<String, Object> counters = new LinkedHashMap<>();
		counters.put("spansDroppedQueueFull", this.accounting.getDroppedQueueFull());
		// Every exporter gets every span, so a sum over exporters would count each span
		// once per
		// exporter: the span counters are by exporter name.
		counters.put("spansExported", byExporter(exporters, ExporterDescriptor::spansExported));
		counters.put("spansDropped", byExporter(exporters, ExporterDescriptor::spansDropped));
		counters.put("exportFailures", byExporter(exporters, ExporterDescriptor::exportFailures));
		SpoolStats spool = this.accounting.getSpool();
		if (spool != null) {
			Map<String, Object> spooled = new LinkedHashMap<>();
			spooled.put("spansSpooled", spool.getSpooled());
			spooled.put("spansResent", spool.getResent());
			spooled.put("spansDropped", spool.getDropped());
			spooled.put("sizeOnDiskBytes", spool.getSizeOnDisk());
			counters.put("spool", spooled);
		}
		counters.put("agentRunsInFlight", (this.agentTracer != null) ? this.agentTracer.getRunsInFlight() : 0);
		return new AgentTracingDescriptor(this.configuration.get(), exporters, queues, counters);
	}

	private static Map<String, Long> byExporter(List<ExporterDescriptor> exporters,
			ToLongFunction<ExporterDescriptor> counter) {
		Map<String, Long> counts = new LinkedHashMap<>();
		exporters.forEach((exporter) -> counts.merge(exporter.name(), counter.applyAsLong(exporter), Long::sum));
		return counts;
	}

	@WriteOperation
	public FlushDescriptor flush() {
		if (this.flusher == null) {
			return new FlushDescriptor(TraceFlusher.Outcome.NO_SDK.name(), 0, null);
		}
		FlushResult result = this.flusher.flush();
		return new FlushDescriptor(result.outcome().name(), result.duration().toMillis(),
				this.flusher.getTimeout().toString());
	}

	/**
	 * Description of agent-tracing's export state.
	 *
	 * @param configuration the effective configuration, without secrets
	 * @param exporters every exporter with its counters
	 * @param queues every batch queue: Boot's ({@code boot}) and each destination's own,
	 * with its size, capacity and spans dropped because it was full
	 * @param counters {@code spansDroppedQueueFull}: spans lost before export because a
	 * batch queue was full, summed over the queues; {@code spansExported},
	 * {@code spansDropped} (lost to failed exports) and {@code exportFailures} (failed
	 * export calls), each a map by exporter name, because each exporter gets every span:
	 * with two exporters and 62 spans, {@code spansExported} is {@code {"otlp-http": 62,
	 * "jsonl": 62}}; {@code agentRunsInFlight}
	 */
	public record AgentTracingDescriptor(Map<String, Object> configuration, List<ExporterDescriptor> exporters,
			List<QueueDescriptor> queues, Map<String, Object> counters) implements OperationResponseBody {

	}

	/**
	 * Description of one exporter.
	 *
	 * @param name the exporter name
	 * @param state {@code ok} or {@code failing} (the last export failed)
	 * @param spansExported spans exported
	 * @param spansDropped spans lost to failed exports
	 * @param spansDroppedQueueFull spans lost before the exporter saw them, because its
	 * batch queue was full
	 * @param exportFailures failed exports
	 * @param lastError the last error, or {@code null}
	 * @param lastErrorTime when it happened, or {@code null}
	 * @param lastSuccessTime when the last export succeeded, or {@code null}
	 */
	public record ExporterDescriptor(String name, String state, long spansExported, long spansDropped,
			long spansDroppedQueueFull, long exportFailures, @Nullable String lastError, @Nullable String lastErrorTime,
			@Nullable String lastSuccessTime) {

	}

	/**
	 * Description of one batch queue.
	 *
	 * @param name {@code boot} for Boot's batch processor, else the destination's name
	 * @param exporters the exporters the queue feeds
	 * @param size spans waiting now
	 * @param capacity how many spans it holds
	 * @param spansDropped spans dropped because it was full
	 */
	public record QueueDescriptor(String name, List<String> exporters, long size, int capacity, long spansDropped) {

	}

	/**
	 * The outcome of a flush.
	 *
	 * @param outcome {@code FLUSHED}, {@code FAILED}, {@code TIMED_OUT} or {@code NO_SDK}
	 * @param durationMillis how long it took
	 * @param timeout the timeout it had
	 */
	public record FlushDescriptor(String outcome, long durationMillis,
			@Nullable String timeout) implements OperationResponseBody {

	}

}
