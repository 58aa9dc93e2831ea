package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.agenttracing.DeliveryTestSupport;
import dev.agenttracing.export.AccountingSpanExporter;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExporterStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hard budget of the trace files at its edges: a budget of a few KB, a file count of
 * a few files, a disk that fills up.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonlBudgetTests {

	@TempDir
	Path directory;

	@Test
	void aBudgetOfFourKilobytesHoldsAfterEveryExportOfManyTraces() throws Exception {
		long budget = 4096;
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).maxTotalSize(budget).build();
		List<SpanData> last = List.of();
		for (int i = 0; i < 300; i++) {
			last = trace(1 + i % 4);
			assertThat(exporter.export(last).isSuccess()).isTrue();
			assertThat(bytesOnDisk()).isLessThanOrEqualTo(budget).isEqualTo(exporter.getTotalSize());
			assertThat(DeliveryTestSupport.traceFiles(this.directory)).hasSize(exporter.getFileCount());
		}
		exporter.shutdown();
		// The newest trace is the one that stays.
		String newest = last.get(0).getTraceId() + ".jsonl";
		assertThat(DeliveryTestSupport.traceFiles(this.directory))
			.anySatisfy((file) -> assertThat(file.getFileName()).hasToString(newest));
		assertThat(bytesOnDisk()).isGreaterThan(budget / 2);
	}

	@Test
	void twoWritersKeepTheBudgetForBatchesOfManyTraces() throws Exception {
		long budget = 8192;
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory)
			.maxTotalSize(budget)
			.writerThreads(2)
			.build();
		for (int batch = 0; batch < 30; batch++) {
			List<SpanData> spans = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				spans.addAll(trace(1));
			}
			assertThat(exporter.export(spans).isSuccess()).isTrue();
			assertThat(bytesOnDisk()).isLessThanOrEqualTo(budget).isEqualTo(exporter.getTotalSize());
		}
		exporter.shutdown();
	}

	@Test
	void theNumberOfFilesStaysWithinMaxFilesKeepingTheMostRecentlyWritten() throws Exception {
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).maxFiles(5).build();
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			List<SpanData> trace = trace(2);
			written.add(trace.get(0).getTraceId() + ".jsonl");
			assertThat(exporter.export(trace).isSuccess()).isTrue();
			assertThat(DeliveryTestSupport.traceFiles(this.directory)).hasSizeLessThanOrEqualTo(5);
		}
		exporter.shutdown();
		assertThat(DeliveryTestSupport.traceFiles(this.directory)).extracting((file) -> file.getFileName().toString())
			.containsExactlyInAnyOrderElementsOf(written.subList(45, 50));
	}

	@Test
	void aLineLargerThanTheWholeBudgetFailsAndLeavesTheOtherFiles() throws Exception {
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).maxTotalSize(2048).build();
		List<SpanData> small = trace(1);
		assertThat(exporter.export(small).isSuccess()).isTrue();
		assertThat(exporter.export(trace(40)).isSuccess()).isFalse();
		exporter.shutdown();
		assertThat(DeliveryTestSupport.traceFiles(this.directory)).singleElement()
			.satisfies((file) -> assertThat(file.getFileName()).hasToString(small.get(0).getTraceId() + ".jsonl"));
	}

	@Test
	void filesFoundAtStartupCountTowardsTheBudget() throws Exception {
		JsonlSpanExporter first = JsonlSpanExporter.builder(this.directory).build();
		for (int i = 0; i < 20; i++) {
			assertThat(first.export(trace(2)).isSuccess()).isTrue();
		}
		first.shutdown();
		long before = bytesOnDisk();
		JsonlSpanExporter second = JsonlSpanExporter.builder(this.directory).maxTotalSize(before).build();
		assertThat(second.getTotalSize()).isEqualTo(before);
		assertThat(second.getFileCount()).isEqualTo(20);
		assertThat(second.export(trace(2)).isSuccess()).isTrue();
		second.shutdown();
		assertThat(bytesOnDisk()).isLessThanOrEqualTo(before);
		assertThat(DeliveryTestSupport.traceFiles(this.directory)).hasSizeLessThan(21);
	}

	@Test
	void aFullDiskIsCountedLoggedOnceAndWritingResumesWhenSpaceReturns(CapturedOutput output) throws Exception {
		Path mount = Files.createDirectories(this.directory.resolve("small-disk"));
		assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()),
				"Assumptions: 'mount -t tmpfs' is not permitted here (it needs root); "
						+ "aFullDirectoryIsCountedLoggedOnceAndWritingResumes covers a full disk instead");
		try {
			// Most of the small disk taken by something else, so the disk fills before
			// the budget.
			Path filler = mount.resolve("other-data.bin");
			Files.write(filler, new byte[40 * 1024]);
			Path traces = mount.resolve("traces");
			assertFaultIsCountedAndWritingResumes(traces, () -> {
			}, () -> Files.delete(filler), output);
		}
		finally {
			run("umount", "-l", mount.toString());
		}
	}

	@Test
	void aFullDirectoryIsCountedLoggedOnceAndWritingResumes(CapturedOutput output) throws Exception {
		Path traces = this.directory.resolve("traces");
		Files.createDirectories(traces);
		// A root of a day made read-only: the stand-in for a full disk where no tmpfs can
		// be mounted.
		Path probe = traces.resolve("probe");
		assumeTrue(traces.toFile().setWritable(false, false) && !canCreate(probe),
				"Assumptions: a read-only directory is still writable here (running as root); "
						+ "aFullDiskIsCountedLoggedOnceAndWritingResumesWhenSpaceReturns covers it with a tmpfs");
		traces.toFile().setWritable(true, true);
		assertFaultIsCountedAndWritingResumes(traces, () -> traces.toFile().setWritable(false, false),
				() -> traces.toFile().setWritable(true, true), output);
	}

	private void assertFaultIsCountedAndWritingResumes(Path traces, IoAction fill, IoAction makeSpace,
			CapturedOutput output) throws Exception {
		ExportAccounting accounting = new ExportAccounting();
		ExporterStats stats = accounting.register("jsonl");
		JsonlSpanExporter jsonl = JsonlSpanExporter.builder(traces).maxTotalSize(1024 * 1024).build();
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(new AccountingSpanExporter(jsonl, stats)))
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			fill.run();
			int runs = 0;
			// The traced code runs on and returns its value, whatever the disk does.
			while (stats.getFailures() < 5 && runs < 500) {
				assertThat(tracedRun(provider, runs)).isEqualTo("result " + runs);
				runs++;
			}
			assertThat(stats.getFailures()).isEqualTo(5);
			assertThat(stats.getExported() + stats.getDropped()).isEqualTo(memory.getFinishedSpanItems().size());
			assertThat(stats.getLastError()).contains("IOException");
			assertThat(jsonl.getTotalSize()).isEqualTo(bytesOnDisk(traces));
			makeSpace.run();
			long exported = stats.getExported();
			assertThat(tracedRun(provider, runs)).isEqualTo("result " + runs);
			assertThat(stats.getExported()).isEqualTo(exported + 1);
			assertThat(stats.getFailures()).isEqualTo(5);
		}
		jsonl.shutdown();
		String warning = "agent-tracing failed while writing a JSONL trace file under " + jsonl.getDirectory();
		assertThat(output.getOut().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
	}

	private static String tracedRun(SdkTracerProvider provider, int run) {
		Span span = provider.get("test").spanBuilder("run " + run).startSpan();
		try (Scope scope = span.makeCurrent()) {
			return "result " + run;
		}
		finally {
			span.end();
		}
	}

	private static boolean canCreate(Path probe) {
		try {
			Files.createFile(probe);
			Files.delete(probe);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean run(String... command) throws Exception {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private long bytesOnDisk() throws IOException {
		return bytesOnDisk(this.directory);
	}

	private static long bytesOnDisk(Path root) throws IOException {
		long total = 0;
		for (Path file : DeliveryTestSupport.traceFiles(root)) {
			total += Files.size(file);
		}
		return total;
	}

	/** One trace of {@code spans} spans: a parent and its children, children first. */
	private static List<SpanData> trace(int spans) {
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			Span parent = provider.get("test").spanBuilder("parent").startSpan();
			try (Scope scope = parent.makeCurrent()) {
				for (int i = 1; i < spans; i++) {
					provider.get("test").spanBuilder("child").startSpan().end();
				}
			}
			parent.end();
			return List.copyOf(memory.getFinishedSpanItems());
		}
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

}
