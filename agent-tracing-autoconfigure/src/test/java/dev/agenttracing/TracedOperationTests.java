package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every operation shares ({@link TracedOperation}): it ends exactly once whichever
 * path gets there first, keeps its span open over a future, and records its result's
 * content.
 */
class TracedOperationTests {

	private final OperationFixture fixture = new OperationFixture(true);

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void theFirstEndWinsAndLaterEndsChangeNothing() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.end();
		tool.endExceptionally(new IllegalStateException("late"));
		tool.endWithError("tool_error");
		tool.cancel();
		SpanData span = this.fixture.onlySpan();
		assertThat(span).hasStatus(StatusData.unset()).hasTotalRecordedEvents(0);
		assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isNull();
		assertThat(span.getAttributes().get(GenAiAttributes.CANCELLED)).isNull();
		assertThat(tool.isEnded()).isTrue();
		assertThat(this.fixture.finished).hasSize(1);
		assertThat(this.fixture.finished.get(0).errorType()).isNull();
	}

	@Test
	void concurrentEndsEndTheSpanOnce() throws Exception {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> ends = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				boolean failing = i % 2 == 0;
				ends.add(executor.submit(() -> {
					start.await();
					if (failing) {
						tool.endExceptionally(new IllegalStateException());
					}
					else {
						tool.end();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> end : ends) {
				end.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.fixture.exporter.getFinishedSpanItems()).hasSize(1);
		assertThat(this.fixture.finished).hasSize(1);
	}

	@Test
	void aFailureIsAnErrorWithTheExceptionEvent() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.endExceptionally(new IllegalArgumentException("no such city"));
		SpanData span = this.fixture.onlySpan();
		assertThat(span).hasStatus(StatusData.error())
			.hasAttribute(GenAiAttributes.ERROR_TYPE, IllegalArgumentException.class.getName());
		EventData event = span.getEvents().get(0);
		assertThat(event.getName()).isEqualTo(GenAiAttributes.EXCEPTION_EVENT);
		assertThat(event.getAttributes().get(GenAiAttributes.EXCEPTION_TYPE))
			.isEqualTo(IllegalArgumentException.class.getName());
		assertThat(event.getAttributes().get(GenAiAttributes.EXCEPTION_MESSAGE)).isEqualTo("no such city");
		assertThat(this.fixture.finished.get(0).errorType()).isEqualTo(IllegalArgumentException.class.getName());
	}

	@Test
	void aCancellationIsRecordedAsSuchNotAsAnError() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.endExceptionally(new CancellationException());
		SpanData span = this.fixture.onlySpan();
		assertThat(span).hasStatus(StatusData.unset()).hasAttribute(GenAiAttributes.CANCELLED, true);
		assertThat(this.fixture.finished.get(0).errorType()).isNull();
	}

	@Test
	void anErrorReportedAsAValueEndsWithItsType() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.endWithError("tool_error");
		assertThat(this.fixture.onlySpan()).hasStatus(StatusData.error())
			.hasAttribute(GenAiAttributes.ERROR_TYPE, "tool_error")
			.hasTotalRecordedEvents(0);
		assertThat(this.fixture.finished.get(0).errorType()).isEqualTo("tool_error");
	}

	@Test
	void aPlainValueEndsTheOperationAndRecordsItsContent() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.captureOutput(GenAiAttributes.TOOL_CALL_RESULT, (value) -> "\"" + value + "\"");
		assertThat(tool.completeWith("sunny")).isEqualTo("sunny");
		assertThat(tool.isEnded()).isTrue();
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.TOOL_CALL_RESULT, "\"sunny\"");
	}

	@Test
	void aFutureKeepsTheSpanOpenUntilItCompletes() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.captureOutput(GenAiAttributes.TOOL_CALL_RESULT, (value) -> "\"" + value + "\"");
		CompletableFuture<String> future = new CompletableFuture<>();
		assertThat(tool.completeWith(future)).isSameAs(future);
		assertThat(tool.isEnded()).isFalse();
		assertThat(this.fixture.exporter.getFinishedSpanItems()).isEmpty();
		future.complete("rain");
		assertThat(tool.isEnded()).isTrue();
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.TOOL_CALL_RESULT, "\"rain\"");
	}

	@Test
	void aFailedFutureEndsWithTheCauseTheWorkThrew() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		CompletableFuture<String> future = new CompletableFuture<>();
		tool.completeWith(future.thenApply(String::trim));
		future.completeExceptionally(new IllegalStateException("down"));
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.ERROR_TYPE,
				IllegalStateException.class.getName());
	}

	@Test
	void aCancelledFutureIsCancelled() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		CompletableFuture<String> future = new CompletableFuture<>();
		tool.completeWith(future);
		future.cancel(false);
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.CANCELLED, true);
	}

	@Test
	void contentIsNotRecordedOnceTheOperationHasEnded() {
		ToolOperation tool = this.fixture.tool("lookup", Context.root());
		tool.captureOutput(GenAiAttributes.TOOL_CALL_RESULT, (value) -> "\"" + value + "\"");
		tool.end();
		tool.onResult("late");
		assertThat(this.fixture.onlySpan().getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isNull();
	}

	@Test
	void aStreamsLastValueIsNotRecordedAsContentButAReportedResultIs() {
		ToolOperation streamed = this.fixture.tool("stream", Context.root());
		streamed.captureOutput(GenAiAttributes.TOOL_CALL_RESULT, (value) -> "\"" + value + "\"");
		streamed.markStreaming();
		streamed.onValue("element");
		streamed.onResult("whole");
		streamed.end();
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.TOOL_CALL_RESULT, "\"whole\"");
	}

}
