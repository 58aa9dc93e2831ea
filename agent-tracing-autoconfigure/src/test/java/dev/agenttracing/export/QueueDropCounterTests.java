package dev.agenttracing.export;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link QueueDropCounter} handed to the SDK's own {@link BatchSpanProcessor}: the spans
 * the processor drops because its queue is full, and its queue size, reach the queue's
 * statistics (and the exporters it feeds), and nothing else the SDK reports does.
 */
class QueueDropCounterTests {

	private final ExportAccounting accounting = new ExportAccounting();

	private final QueueStats queue = this.accounting.queue("jsonl");

	private final BlockingExporter exporter = new BlockingExporter();

	private SdkTracerProvider tracerProvider;

	@AfterEach
	void close() {
		this.exporter.release.countDown();
		if (this.tracerProvider != null) {
			this.tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void spansDroppedByAFullQueueAndItsSizeAreCounted() {
		ExporterStats jsonl = this.accounting.register("jsonl");
		this.queue.addExporter(jsonl);
		start(4);
		// The first span goes to the exporter, which holds the worker; then 4 fit in the
		// queue.
		span();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.exporter.received.size() == 1);
		for (int i = 0; i < 4 + 3; i++) {
			span();
		}
		assertThat(this.queue.getDropped()).isEqualTo(3);
		assertThat(this.queue.getSize()).isEqualTo(4);
		assertThat(jsonl.getDroppedQueueFull()).isEqualTo(3);
		assertThat(this.accounting.getDroppedQueueFull()).isEqualTo(3);
		this.exporter.release.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.exporter.received.size() == 5);
		assertThat(this.queue.getSize()).isZero();
		assertThat(this.queue.getDropped()).isEqualTo(3);
	}

	@Test
	void nothingIsCountedWhileTheQueueHasRoom() {
		this.exporter.release.countDown();
		start(2048);
		for (int i = 0; i < 100; i++) {
			span();
		}
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		assertThat(this.exporter.received).hasSize(100);
		assertThat(this.queue.getDropped()).isZero();
		assertThat(this.queue.getSize()).isZero();
	}

	@Test
	void onlyTheTraceSdksDroppedSpansAreCounted() {
		MeterProvider counter = new QueueDropCounter(this.queue);
		Attributes dropped = Attributes.of(AttributeKey.booleanKey("dropped"), true);
		Attributes exported = Attributes.of(AttributeKey.booleanKey("dropped"), false);
		counter.get("io.opentelemetry.sdk.trace").counterBuilder("processedSpans").build().add(5, exported);
		counter.get("io.opentelemetry.sdk.trace").counterBuilder("otherCounter").build().add(7, dropped);
		counter.get("io.opentelemetry.exporters.otlp").counterBuilder("processedSpans").build().add(11, dropped);
		assertThat(this.queue.getDropped()).isZero();
		counter.get("io.opentelemetry.sdk.trace").counterBuilder("processedSpans").build().add(2, dropped);
		assertThat(this.queue.getDropped()).isEqualTo(2);
	}

	private void start(int maxQueueSize) {
		this.tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(this.exporter)
				.setMeterProvider(new QueueDropCounter(this.queue))
				.setMaxQueueSize(maxQueueSize)
				.setMaxExportBatchSize(1)
				.setScheduleDelay(Duration.ofMillis(1))
				.build())
			.build();
	}

	private void span() {
		this.tracerProvider.get("test").spanBuilder("span").startSpan().end();
	}

	/**
	 * An exporter (an SDK extension point) that holds the batch worker until released.
	 */
	private static final class BlockingExporter implements SpanExporter {

		final List<SpanData> received = new CopyOnWriteArrayList<>();

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.received.addAll(spans);
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
