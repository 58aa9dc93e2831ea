package dev.agenttracing.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
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
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

import dev.agenttracing.export.jsonl.JsonlSpanExporter;

/**
 * Export throughput (case 8), sustained: every iteration exports batch after batch of
 * {@value #BATCH_SIZE} finished agent-tracing spans (Boot's default maximum export batch)
 * for its whole duration, and the result is time per span, so spans per second is its
 * inverse. Batches are made once, up front, from real {@code AgentTracer} spans.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExportBenchmarks {

	static final int BATCH_SIZE = 512;

	/**
	 * Case 8a: agent-tracing's {@link JsonlSpanExporter} writing each batch as new traces
	 * (fresh trace ids every time, as a stream of new agent runs), so every trace is a
	 * new file, with its retention on (256 MB here, so that a long run stays bounded on
	 * disk). The exporter writes one file per trace, so its throughput depends on the
	 * spans per trace: measured with agent runs of 4 spans (an agent, three tools) and of
	 * 8, on a disk and on tmpfs. Re-tracing the batch (512 small wrappers) is inside the
	 * measurement and negligible.
	 * @param files the exporter and its directory
	 * @return whether the export succeeded
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH_SIZE)
	public boolean jsonlExport(JsonlFiles files) {
		CompletableResultCode result = files.exporter.export(SpanBatches.asNewTraces(files.batch))
			.join(10, TimeUnit.SECONDS);
		if (!result.isSuccess()) {
			throw new IllegalStateException("JSONL export failed", result.getFailureThrowable());
		}
		return result.isSuccess();
	}

	/**
	 * Case 8b: Boot's auto-configured {@link OtlpHttpSpanExporter} (protobuf over HTTP,
	 * the default transport) sending each batch to a {@link LoopbackReceiver} that reads
	 * the whole request and answers 200, waiting for each export to complete. What it
	 * measures is the exporter's encoding and HTTP cost on this machine, not a network.
	 * @param receiver the receiver and the exporter
	 * @return whether the export succeeded
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH_SIZE)
	public boolean otlpHttpExport(OtlpReceiver receiver) {
		CompletableResultCode result = receiver.exporter.export(receiver.batch).join(10, TimeUnit.SECONDS);
		if (!result.isSuccess()) {
			throw new IllegalStateException("OTLP export failed", result.getFailureThrowable());
		}
		return result.isSuccess();
	}

	/**
	 * Where the disk trials of case 8a write, under the default temporary directory; kept
	 * until the run is over.
	 * @return the directory
	 */
	static Path diskFiles() {
		return Path.of(System.getProperty("java.io.tmpdir"), "agent-tracing-jsonl-benchmark");
	}

	/**
	 * Delete what the disk trials of case 8a wrote (and what an interrupted run left).
	 * @throws IOException if the files cannot be deleted
	 */
	static void deleteDiskFiles() throws IOException {
		FileSystemUtils.deleteRecursively(diskFiles());
	}

	// Set by the template methods (beforeStart, verify, prepare) that JMH's @Setup
	// start() calls:
	// NullAway does not follow those calls, so only its initialization check is
	// suppressed.
	@SuppressWarnings("NullAway.Init")
	@State(Scope.Benchmark)
	public static class OtlpReceiver extends BenchmarkApplication {

		private @Nullable LoopbackReceiver receiver;

		OtlpHttpSpanExporter exporter;

		List<SpanData> batch;

		@Override
		protected void beforeStart() throws IOException {
			this.receiver = new LoopbackReceiver(true);
			this.batch = SpanBatches.agentRuns(BATCH_SIZE);
		}

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { OtlpApplication.class };
		}

		@Override
		protected String[] properties() {
			int port = (this.receiver != null) ? this.receiver.port() : 0;
			return new String[] {
					"management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + port + "/v1/traces" };
		}

		@Override
		protected void verify() {
			this.exporter = bean(OtlpHttpSpanExporter.class);
			CompletableResultCode result = this.exporter.export(this.batch).join(10, TimeUnit.SECONDS);
			if (!result.isSuccess() || this.receiver == null || this.receiver.receivedBytes() == 0) {
				throw new IllegalStateException("OTLP export to the loopback receiver failed");
			}
		}

		@Override
		protected void afterClose() {
			try {
				if (this.receiver != null) {
					this.receiver.close();
				}
			}
			catch (IOException ex) {
				// nothing left to measure
			}
		}

	}

	@State(Scope.Benchmark)
	public static class JsonlFiles {

		@Param({ "4", "8" })
		int spansPerTrace;

		/**
		 * Where the files go: {@code disk}, the default temporary directory (on a disk),
		 * or {@code tmpfs}, {@code /dev/shm} (in memory), which leaves out the disk and
		 * measures the exporter and the kernel's file calls.
		 */
		@Param({ "disk", "tmpfs" })
		String fileSystem;

		/**
		 * How many threads write a batch's files (the exporter's default is 2 on 2 or
		 * more cores); {@code -p writerThreads=1,2} shows what the second one buys.
		 */
		@Param({ "2" })
		int writerThreads;

		Path directory;

		JsonlSpanExporter exporter;

		List<SpanData> batch;

		@Setup(Level.Trial)
		public void start() throws IOException {
			this.directory = switch (this.fileSystem) {
				case "disk" -> Files.createTempDirectory(Files.createDirectories(diskFiles()), "trial-");
				case "tmpfs" -> {
					Path shm = Path.of("/dev/shm");
					if (!Files.isDirectory(shm)) {
						throw new IllegalStateException("No tmpfs at /dev/shm; run with -p fileSystem=disk");
					}
					yield Files.createTempDirectory(shm, "agent-tracing-jsonl-benchmark");
				}
				default -> throw new IllegalArgumentException("fileSystem must be disk or tmpfs");
			};
			this.exporter = JsonlSpanExporter.builder(this.directory)
				.maxTotalSize(256L * 1024 * 1024)
				.writerThreads(this.writerThreads)
				.build();
			this.batch = SpanBatches.agentRuns(BATCH_SIZE, this.spansPerTrace);
			CompletableResultCode result = this.exporter.export(SpanBatches.asNewTraces(this.batch))
				.join(10, TimeUnit.SECONDS);
			if (!result.isSuccess()) {
				throw new IllegalStateException("JSONL export failed");
			}
		}

		/**
		 * Delete the trial's files if they are in memory, keep them if they are on the
		 * disk, and wait for the disk to write back what is left, so that the next trial
		 * does not start while the kernel is still busy with this one's hundreds of
		 * thousands of files. Files on the disk are deleted when the whole run is over
		 * ({@link #deleteDiskFiles()}): on ext4, creating files is many times slower for
		 * minutes after a mass deletion, and a trial would measure the previous trial's
		 * clean-up rather than the exporter.
		 * @throws IOException if the files cannot be deleted
		 */
		@TearDown(Level.Trial)
		public void stop() throws IOException {
			this.exporter.shutdown().join(10, TimeUnit.SECONDS);
			if (!this.fileSystem.equals("disk")) {
				FileSystemUtils.deleteRecursively(this.directory);
			}
			try {
				new ProcessBuilder("sync").inheritIO().start().waitFor(120, TimeUnit.SECONDS);
			}
			catch (IOException ex) {
				// No sync command: the next trial may start while the disk is busy.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Boot's OpenTelemetry SDK and its OTLP span exporter, nothing else.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
			OtlpTracingAutoConfiguration.class })
	static class OtlpApplication {

	}

}
