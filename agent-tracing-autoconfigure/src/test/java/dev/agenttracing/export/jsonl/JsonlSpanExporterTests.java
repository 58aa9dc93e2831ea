package dev.agenttracing.export.jsonl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.DeliveryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy((line) -> assertThat(line).startsWith("{\"resourceSpans\""));
		assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(file))).hasSize(2);
		exporter.shutdown();
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

	private static List<SpanData> trace() {
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			Span parent = provider.get("test").spanBuilder("parent").startSpan();
			try (Scope scope = parent.makeCurrent()) {
				provider.get("test").spanBuilder("child").startSpan().end();
			}
			parent.end();
			return List.copyOf(memory.getFinishedSpanItems());
		}
	}

}
