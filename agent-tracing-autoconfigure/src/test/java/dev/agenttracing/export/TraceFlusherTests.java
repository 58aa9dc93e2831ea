package dev.agenttracing.export;

import java.time.Duration;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.export.TraceFlusher.FlushResult;
import dev.agenttracing.export.TraceFlusher.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link TraceFlusher} on a real SDK: a flush empties a batch processor that would
 * otherwise hold its spans for an hour, each way a flush can end, and a shutdown that
 * waits for the agent runs still in flight.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceFlusherTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(BatchSpanProcessor.builder(this.exporter).setScheduleDelay(Duration.ofHours(1)).build())
		.build();

	@AfterEach
	void close() {
		this.tracerProvider.shutdown();
	}

	@Test
	void flushExportsWhatTheBatchProcessorHolds() {
		this.tracerProvider.get("test").spanBuilder("held").startSpan().end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		FlushResult result = flusher(Duration.ofSeconds(30)).flush();
		assertThat(result.outcome()).isEqualTo(Outcome.FLUSHED);
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("held");
	}

	@Test
	void withoutAnSdkThereIsNothingToFlush() {
		FlushResult result = new TraceFlusher(() -> null, null, Duration.ofSeconds(30)).flush();
		assertThat(result).isEqualTo(new FlushResult(Outcome.NO_SDK, Duration.ZERO));
	}

	@Test
	void aProcessorThatReportsFailureFailsTheFlush() {
		use(new FlushingProcessor(() -> CompletableResultCode.ofFailure()));
		assertThat(flusher(Duration.ofSeconds(30)).flush().outcome()).isEqualTo(Outcome.FAILED);
	}

	@Test
	void aProcessorThatThrowsFailsTheFlushAndTheFlusherDoesNotThrow(CapturedOutput output) {
		use(new FlushingProcessor(() -> {
			throw new IllegalStateException("collector gone");
		}));
		assertThat(flusher(Duration.ofSeconds(30)).flush().outcome()).isEqualTo(Outcome.FAILED);
		assertThat(output.getOut()).contains("Flushing spans failed").contains("collector gone");
	}

	@Test
	void aFlushThatNeverCompletesTimesOut() {
		// The result is never completed: the outcome cannot depend on how fast the
		// machine is.
		use(new FlushingProcessor(CompletableResultCode::new));
		assertThat(flusher(Duration.ofMillis(50)).flush().outcome()).isEqualTo(Outcome.TIMED_OUT);
	}

	@Test
	void shutdownWaitsForTheRunInFlightThenFlushesIt() throws Exception {
		AgentTracer agentTracer = AgentTracer.builder(openTelemetry()).build();
		TraceFlusher flusher = new TraceFlusher(() -> this.tracerProvider, agentTracer, Duration.ofSeconds(30));
		flusher.start();
		StartedOperation run = agentTracer.startAgentRun(AgentRunSpec.named("support"), null);
		Thread shutdown = new Thread(flusher::stop, "shutdown");
		shutdown.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> shutdown.getState() == Thread.State.TIMED_WAITING);
		assertThat(flusher.isRunning()).isFalse();
		run.end("done");
		shutdown.join(30_000);
		assertThat(shutdown.isAlive()).isFalse();
		// Ended after the shutdown began, exported by its flush and not by the hour-long
		// schedule.
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("invoke_agent support");
	}

	@Test
	void shutdownFlushesWhatHasFinishedWhenARunDoesNotEndInTime(CapturedOutput output) {
		AgentTracer agentTracer = AgentTracer.builder(openTelemetry()).build();
		TraceFlusher flusher = new TraceFlusher(() -> this.tracerProvider, agentTracer, Duration.ofMillis(100));
		agentTracer.startAgentRun(AgentRunSpec.named("stuck"), null);
		this.tracerProvider.get("test").spanBuilder("finished").startSpan().end();
		flusher.stop();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("finished");
		assertThat(output.getOut()).contains("1 agent run(s) still in flight after PT0.1S; flushing what has finished");
	}

	@Test
	void shutdownThatDoesNotFinishNamesTheQueuesStillHoldingSpans(CapturedOutput output) {
		use(new FlushingProcessor(CompletableResultCode::new));
		ExportAccounting accounting = new ExportAccounting();
		QueueStats jsonl = accounting.queue("jsonl");
		jsonl.setCapacity(2048);
		jsonl.setSize(() -> 17);
		accounting.queue("boot").setCapacity(2048);
		new TraceFlusher(() -> this.tracerProvider, null, Duration.ofMillis(50), accounting).stop();
		assertThat(output.getOut()).contains("Flushing spans on shutdown: TIMED_OUT after")
			.contains("(agent.tracing.shutdown.flush-timeout=PT0.05S); spans still queued: jsonl 17 of 2048;")
			.doesNotContain("boot 0");
	}

	@Test
	void stopsBeforeTheWebServerSoThatItsRequestsHaveFinished() {
		TraceFlusher flusher = flusher(Duration.ofSeconds(30));
		assertThat(flusher.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 3072).isEqualTo(TraceFlusher.PHASE);
		// Boot's web server stops in phase DEFAULT_PHASE - 2048; lower phases stop later.
		assertThat(flusher.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
		assertThat(flusher.isRunning()).isFalse();
		flusher.start();
		assertThat(flusher.isRunning()).isTrue();
		assertThat(flusher.getTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	private TraceFlusher flusher(Duration timeout) {
		return new TraceFlusher(() -> this.tracerProvider, null, timeout);
	}

	private OpenTelemetrySdk openTelemetry() {
		return OpenTelemetrySdk.builder().setTracerProvider(this.tracerProvider).build();
	}

	private void use(SpanProcessor processor) {
		this.tracerProvider.shutdown();
		this.tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
	}

	/** A span processor (an SDK extension point) whose flush ends as the test says. */
	private static final class FlushingProcessor implements SpanProcessor {

		private final Supplier<CompletableResultCode> flush;

		FlushingProcessor(Supplier<CompletableResultCode> flush) {
			this.flush = flush;
		}

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
		}

		@Override
		public boolean isEndRequired() {
			return false;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return this.flush.get();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
