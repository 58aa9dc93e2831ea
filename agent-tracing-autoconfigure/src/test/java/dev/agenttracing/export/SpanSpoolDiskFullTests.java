package dev.agenttracing.export;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk that is full: the real OTLP exporter fails against a collector that is down, the
 * spool cannot keep the batch either, and the spans are counted as dropped for the
 * exporter and the spool, with one warning however often it happens.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpanSpoolDiskFullTests {

	@Test
	void fullDiskCountsEveryLostSpanAndWarnsOnce(CapturedOutput output) throws Exception {
		File directory = new File("full-disk-" + System.nanoTime());
		SpanSpool spool = new SpanSpool(directory, new FullDisk(), Duration.ofSeconds(1));
		ExportAccounting accounting = new ExportAccounting();
		ExporterStats stats = accounting.register("otlp-http");
		OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder()
			.setEndpoint("http://127.0.0.1:" + freePort() + "/v1/traces")
			.setRetryPolicy(null)
			.build();
		AccountingSpanExporter exporter = new AccountingSpanExporter(new SpoolingSpanExporter(otlp, spool, stats),
				stats);
		try {
			for (int i = 0; i < 3; i++) {
				CompletableResultCode result = exporter.export(List.of(span(i), span(i + 10)))
					.join(30, TimeUnit.SECONDS);
				assertThat(result.isDone()).isTrue();
				assertThat(result.isSuccess()).isFalse();
			}
			assertThat(spool.getStats().getDropped()).isEqualTo(6);
			assertThat(spool.getStats().getSpooled()).isZero();
			assertThat(stats.getDropped()).isEqualTo(6);
			assertThat(stats.getFailures()).isEqualTo(3);
			assertThat(stats.getLastError()).contains("ConnectException");
		}
		finally {
			exporter.shutdown().join(10, TimeUnit.SECONDS);
		}
		Matcher warnings = Pattern
			.compile("WARN.*writing spans to the spool in " + Pattern.quote(directory.toString())
					+ ".*\\R(?s:.*?)No space left on device")
			.matcher(output.toString());
		assertThat(warnings.find()).isTrue();
		assertThat(Pattern.compile("WARN.*writing spans to the spool in " + Pattern.quote(directory.toString()))
			.matcher(output.toString())
			.results()
			.count()).isEqualTo(1);
	}

	private static SpanData span(int id) {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		String spanId = String.format("%016x", id + 1);
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
			.setName("execute_tool get_weather")
			.setKind(SpanKind.INTERNAL)
			.setStartEpochNanos(1)
			.setEndEpochNanos(2)
			.setStatus(StatusData.unset())
			.setHasEnded(true)
			.build();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** What the file system answers when the disk is full. */
	private static final class FullDisk implements SpoolStorage {

		@Override
		public void write(Collection<SpanData> spans) throws IOException {
			throw new IOException("No space left on device");
		}

		@Override
		public @Nullable Collection<SpanData> next() {
			return null;
		}

		@Override
		public void removeLast() {
		}

		@Override
		public void close() {
		}

	}

}
