package dev.agenttracing.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.util.FileSystemUtils;

import dev.agenttracing.export.AccountingSpanExporter;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.QueueDropCounter;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;

/**
 * Case 8c: the JSONL destination as a whole, its batch processor included, in the two
 * ways it has been wired: behind Boot's batch processor (the processor Boot builds around
 * every {@code SpanExporter} bean: Micrometer's {@link CompositeSpanExporter}, which
 * copies each span to a Micrometer {@code FinishedSpan} and back, then the counting
 * decorator, then the exporter) and behind a queue of its own
 * ({@link DestinationSpanProcessor}: the counting decorator and the exporter). One
 * operation hands a 512-span batch of new traces to the processor's {@code onEnd} and
 * waits for {@code forceFlush}, so what it measures is the destination's throughput: the
 * hand-off, the worker, the copy (or not) and the files.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DestinationQueueBenchmarks {

	@Benchmark
	@OperationsPerInvocation(ExportBenchmarks.BATCH_SIZE)
	public boolean jsonlDestination(Destination destination) {
		for (SpanData span : SpanBatches.asNewTraces(destination.batch)) {
			destination.processor.onEnd(new EndedSpan(span));
		}
		CompletableResultCode result = destination.processor.forceFlush().join(10, TimeUnit.SECONDS);
		if (!result.isSuccess()) {
			throw new IllegalStateException("JSONL flush failed");
		}
		return result.isSuccess();
	}

	@State(Scope.Benchmark)
	public static class Destination {

		/**
		 * {@code boot}: behind a batch processor built as Boot builds its own;
		 * {@code own}: behind agent-tracing's {@link DestinationSpanProcessor}.
		 */
		@Param({ "boot", "own" })
		String queue;

		/**
		 * {@code tmpfs} ({@code /dev/shm}) or {@code disk} (the default temporary
		 * directory).
		 */
		@Param({ "tmpfs" })
		String fileSystem;

		Path directory;

		ExportAccounting accounting;

		SpanProcessor processor;

		List<SpanData> batch;

		@Setup(Level.Trial)
		public void start() throws IOException {
			this.directory = switch (this.fileSystem) {
				case "disk" ->
					Files.createTempDirectory(Files.createDirectories(ExportBenchmarks.diskFiles()), "trial-");
				case "tmpfs" -> Files.createTempDirectory(Path.of("/dev/shm"), "agent-tracing-queue-benchmark");
				default -> throw new IllegalArgumentException("fileSystem must be disk or tmpfs");
			};
			JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory)
				.maxTotalSize(256L * 1024 * 1024)
				.build();
			this.accounting = new ExportAccounting();
			this.processor = switch (this.queue) {
				// What Boot 4.1's OpenTelemetryTracingAutoConfiguration builds, with its
				// defaults.
				case "boot" -> BatchSpanProcessor
					.builder(new CompositeSpanExporter(
							List.<SpanExporter>of(
									new AccountingSpanExporter(exporter, this.accounting.register("jsonl"))),
							List.of(), List.of(), List.of()))
					.setMaxQueueSize(2048)
					.setMaxExportBatchSize(512)
					.setScheduleDelay(Duration.ofSeconds(5))
					.setExporterTimeout(Duration.ofSeconds(30))
					.setMeterProvider(new QueueDropCounter(this.accounting.queue(ExportAccounting.BOOT_QUEUE)))
					.build();
				case "own" -> DestinationSpanProcessor.builder("jsonl", exporter, this.accounting).build();
				default -> throw new IllegalArgumentException("queue must be boot or own");
			};
			this.batch = SpanBatches.agentRuns(ExportBenchmarks.BATCH_SIZE);
			new DestinationQueueBenchmarks().jsonlDestination(this);
			ExporterStats stats = this.accounting.getExporters().get(0);
			if (stats.getExported() != ExportBenchmarks.BATCH_SIZE || stats.getDropped() != 0
					|| this.accounting.getDroppedQueueFull() != 0) {
				throw new IllegalStateException("The " + this.queue + " destination did not write its batch");
			}
		}

		@TearDown(Level.Trial)
		public void stop() throws IOException {
			this.processor.shutdown().join(10, TimeUnit.SECONDS);
			if (this.accounting.getDroppedQueueFull() != 0) {
				throw new IllegalStateException("Spans were dropped: the case measured less than it says");
			}
			if (!this.fileSystem.equals("disk")) {
				FileSystemUtils.deleteRecursively(this.directory);
			}
		}

	}

}
