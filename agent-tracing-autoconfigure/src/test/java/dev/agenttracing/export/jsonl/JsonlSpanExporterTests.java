package dev.agenttracing.export.jsonl;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import dev.agenttracing.DeliveryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JsonlSpanExporterTests {

	@TempDir
	Path directory;

	@Test
	void spansOfOneTraceInSeveralBatchesGoToOneFileOfTheDay() throws Exception {
		List<SpanData> spans = trace();
		Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).clock(clock).build();
		assertThat(exporter.export(spans.subList(0, 1)).isSuccess()).isTrue();
		assertThat(exporter.export(spans.subList(1, 2)).isSuccess()).isTrue();
		Path file = this.directory.resolve("2026-03-01").resolve(spans.get(0).getTraceId() + ".jsonl");
		assertThat(DeliveryTestSupport.traceFiles(this.directory)).containsExactly(file);
		assertThat(Files.readAllLines(file)).hasSize(2)
			.allSatisfy((line) -> assertThat(line).startsWith("{\"resourceSpans\""));
		assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(file))).hasSize(2);
		exporter.shutdown();
	}

	@Test
	void aBatchOfManyTracesIsWrittenByTwoThreadsEachTraceWholeInItsFile() throws Exception {
		// 200 traces of 3 spans; each batch holds one span of every trace, as the
		// children of
		// many runs end before their parents.
		List<List<SpanData>> traces = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			traces.add(trace(3));
		}
		Set<String> writers = ConcurrentHashMap.newKeySet();
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).writerThreads(2).build();
		for (int batch = 0; batch < 3; batch++) {
			List<SpanData> spans = new ArrayList<>();
			for (List<SpanData> trace : traces) {
				spans.add(new WriterNoting(trace.get(batch), writers));
			}
			assertThat(exporter.export(spans).isSuccess()).isTrue();
		}
		exporter.shutdown();
		assertThat(writers).contains(Thread.currentThread().getName(), "agent-tracing-jsonl-writer");
		List<Path> files = DeliveryTestSupport.traceFiles(this.directory);
		assertThat(files).hasSize(200);
		for (List<SpanData> trace : traces) {
			Path file = files.stream()
				.filter((candidate) -> candidate.getFileName().toString().equals(trace.get(0).getTraceId() + ".jsonl"))
				.findFirst()
				.orElseThrow();
			assertThat(Files.readAllLines(file)).hasSize(3);
			assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(file)))
				.extracting((span) -> HexFormat.of().formatHex(span.getSpanId().toByteArray()))
				.containsExactlyInAnyOrderElementsOf(trace.stream().map(SpanData::getSpanId).toList());
		}
	}

	@Test
	void aBatchThatOneWriterCannotWriteFailsWithoutThrowing() throws Exception {
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			spans.addAll(trace(1));
		}
		Path blocker = this.directory.resolve("blocked");
		Files.writeString(blocker, "not a directory");
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(blocker).writerThreads(2).build();
		assertThat(exporter.export(spans).isSuccess()).isFalse();
		exporter.shutdown();
	}

	@Test
	void aTraceThatCrossesMidnightStaysInTheFileOfItsFirstDay() throws Exception {
		List<SpanData> spans = trace();
		MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:59:59Z"));
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).clock(clock).build();
		assertThat(exporter.export(spans.subList(0, 1)).isSuccess()).isTrue();
		clock.instant = Instant.parse("2026-03-02T00:00:01Z");
		assertThat(exporter.export(spans.subList(1, 2)).isSuccess()).isTrue();
		exporter.shutdown();
		Path file = this.directory.resolve("2026-03-01").resolve(spans.get(0).getTraceId() + ".jsonl");
		assertThat(DeliveryTestSupport.traceFiles(this.directory)).containsExactly(file);
		assertThat(Files.readAllLines(file)).hasSize(2);
	}

	@Test
	void aTraceWithAFileOfYesterdayUnknownToTheExporterIsAppendedToThatFile() throws Exception {
		List<SpanData> spans = trace();
		Clock yesterday = Clock.fixed(Instant.parse("2026-03-01T23:59:59Z"), ZoneOffset.UTC);
		JsonlSpanExporter before = JsonlSpanExporter.builder(this.directory).clock(yesterday).build();
		assertThat(before.export(spans.subList(0, 1)).isSuccess()).isTrue();
		before.shutdown();
		Clock today = Clock.fixed(Instant.parse("2026-03-02T00:00:01Z"), ZoneOffset.UTC);
		JsonlSpanExporter after = JsonlSpanExporter.builder(this.directory).clock(today).build();
		assertThat(after.export(spans.subList(1, 2)).isSuccess()).isTrue();
		after.shutdown();
		Path file = this.directory.resolve("2026-03-01").resolve(spans.get(0).getTraceId() + ".jsonl");
		assertThat(DeliveryTestSupport.traceFiles(this.directory)).containsExactly(file);
		assertThat(Files.readAllLines(file)).hasSize(2);
	}

	@Test
	void filesAndDirectoriesAreCreatedForTheirOwnerOnly() throws Exception {
		assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
		List<SpanData> spans = trace();
		Path root = this.directory.resolve("traces");
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(root).build();
		assertThat(exporter.export(spans).isSuccess()).isTrue();
		exporter.shutdown();
		Path file = DeliveryTestSupport.traceFiles(root).get(0);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(file.getParent()))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(Files.getPosixFilePermissions(root)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
	}

	@Test
	void aDayDirectoryRemovedWhileEmptyIsCreatedAgainByTheNextExport() throws Exception {
		List<SpanData> first = trace();
		List<SpanData> second = trace();
		Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).clock(clock).build();
		assertThat(exporter.export(first).isSuccess()).isTrue();
		Path day = this.directory.resolve("2026-03-01");
		FileSystemUtils.deleteRecursively(day);
		assertThat(exporter.export(second).isSuccess()).isTrue();
		exporter.shutdown();
		assertThat(DeliveryTestSupport.traceFiles(this.directory))
			.containsExactly(day.resolve(second.get(0).getTraceId() + ".jsonl"));
	}

	@Test
	void retentionKeepsTheEmptyDirectoryOfTodayForTheNextExport() throws Exception {
		Instant now = Instant.parse("2026-03-10T10:00:00Z");
		Path today = Files.createDirectories(this.directory.resolve("2026-03-10"));
		Path earlier = Files.createDirectories(this.directory.resolve("2026-03-09"));
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory)
			.clock(Clock.fixed(now, ZoneOffset.UTC))
			.retentionInterval(Duration.ofHours(1))
			.build();
		exporter.enforceRetention();
		exporter.shutdown();
		assertThat(today).isDirectory();
		assertThat(earlier).doesNotExist();
	}

	@Test
	void shutdownIsIdempotentAndStopsExport() {
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory).build();
		assertThat(exporter.shutdown().isSuccess()).isTrue();
		assertThat(exporter.shutdown().isSuccess()).isTrue();
		assertThat(exporter.export(trace()).isSuccess()).isFalse();
	}

	@Test
	void unwritableFileFailsTheExportWithoutThrowing() throws Exception {
		Path blocker = this.directory.resolve("blocked");
		Files.writeString(blocker, "not a directory");
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(blocker).build();
		assertThat(exporter.export(trace()).isSuccess()).isFalse();
		exporter.shutdown();
	}

	@Test
	void retentionDeletesOldFilesThenOldestBeyondTheTotalSize() throws Exception {
		Instant now = Instant.parse("2026-03-10T10:00:00Z");
		Path old = file("2026-03-01", "a", 100, now.minus(Duration.ofDays(8)));
		Path older = file("2026-03-09", "b", 100, now.minus(Duration.ofHours(3)));
		Path newer = file("2026-03-10", "c", 100, now.minus(Duration.ofHours(1)));
		Path foreign = this.directory.resolve("notes.txt");
		Files.writeString(foreign, "keep me");
		JsonlSpanExporter exporter = JsonlSpanExporter.builder(this.directory)
			.clock(Clock.fixed(now, ZoneOffset.UTC))
			.maxAge(Duration.ofDays(7))
			.maxTotalSize(150)
			.retentionInterval(Duration.ofHours(1))
			.build();
		exporter.enforceRetention();
		assertThat(old).doesNotExist();
		assertThat(old.getParent()).doesNotExist();
		assertThat(older).doesNotExist();
		assertThat(newer).exists();
		assertThat(foreign).exists();
		exporter.shutdown();
	}

	private Path file(String day, String name, int size, Instant modified) throws Exception {
		Path file = this.directory.resolve(day).resolve(name + ".jsonl");
		Files.createDirectories(file.getParent());
		Files.write(file, new byte[size]);
		Files.setLastModifiedTime(file, FileTime.from(modified));
		return file;
	}

	private static final class MutableClock extends Clock {

		private volatile Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

	private static List<SpanData> trace() {
		return trace(2);
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

	/**
	 * A span that notes the threads that read its name: the threads that encode it.
	 */
	private static final class WriterNoting extends DelegatingSpanData {

		private final Set<String> writers;

		WriterNoting(SpanData span, Set<String> writers) {
			super(span);
			this.writers = writers;
		}

		@Override
		public String getName() {
			this.writers.add(Thread.currentThread().getName());
			return super.getName();
		}

	}

}
