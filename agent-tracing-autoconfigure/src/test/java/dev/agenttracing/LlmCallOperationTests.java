package dev.agenttracing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.metrics.FinishedOperation;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A call to a model ({@link LlmCallOperation}): reads each result once, later results win
 * for the counts they report, the first streamed chunk marks the time to first chunk, and
 * its usage is priced and added to its run.
 */
class LlmCallOperationTests {

	private final AtomicInteger extractions = new AtomicInteger();

	// A framework's response type, read by an extractor as a user would register one.
	private final LlmResultExtractor extractor = (value) -> {
		if (value instanceof ChatResponse response) {
			this.extractions.incrementAndGet();
			return new OperationFixture.Answer(response.text(), "gpt-4o-2024-08-06", List.of("stop"), response.input(),
					response.output());
		}
		return null;
	};

	private final OperationFixture fixture = new OperationFixture(true, this.extractor);

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void eachResultIsReadOnceWithContentRecordingOn() {
		LlmCallOperation call = this.fixture.llmCall(Context.root(), "openai", "gpt-4o");
		call.recordOutput(this.fixture.instruments.content());
		call.completeWith(new ChatResponse("It is sunny.", 12L, 4L));
		assertThat(this.extractions).hasValue(1);
		SpanData span = this.fixture.onlySpan();
		assertThat(span).hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
			.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 4L);
		assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("It is sunny.")
			.contains("\"finish_reason\":\"stop\"");
	}

	@Test
	void aReportedResultIsReadOnceAfterAStreamToo() {
		LlmCallOperation call = this.fixture.llmCall(Context.root(), "openai", "gpt-4o");
		call.recordOutput(this.fixture.instruments.content());
		call.markStreaming();
		call.onStreamElement(null);
		call.onResult(new ChatResponse("Rain.", 3L, 1L));
		call.end();
		assertThat(this.extractions).hasValue(1);
		assertThat(this.fixture.onlySpan().getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("Rain.");
	}

	@Test
	void laterResultsWinForTheCountsTheyReport() {
		LlmCallOperation call = this.fixture.llmCall(Context.root(), "openai", "gpt-4o");
		call.record(new OperationFixture.Answer(null, null, null, 100L, 1L));
		call.record(new OperationFixture.Answer(null, "gpt-4o-mini", List.of("length"), null, 42L));
		call.end();
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 100L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 42L)
			.hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-mini")
			.hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("length"));
	}

	@Test
	void aResultAfterTheEndIsIgnored() {
		LlmCallOperation call = this.fixture.llmCall(Context.root(), "openai", "gpt-4o");
		call.end();
		call.record(new OperationFixture.Answer(null, "late", null, 1L, 1L));
		assertThat(this.fixture.finished.get(0).responseModel()).isNull();
		assertThat(this.fixture.finished.get(0).inputTokens()).isNull();
	}

	@Test
	void theFirstStreamedChunkMarksTheTimeToFirstChunkOnce() {
		LlmCallOperation call = this.fixture.llmCall(Context.root(), "openai", "gpt-4o");
		call.markStreaming();
		call.onStreamElement(null);
		call.onStreamElement(new OperationFixture.Answer(null, null, null, 7L, 2L));
		call.end();
		SpanData span = this.fixture.onlySpan();
		Double timeToFirstChunk = span.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK);
		assertThat(span).hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
			.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 7L);
		assertThat(timeToFirstChunk).isNotNull();
		assertThat(this.fixture.finished.get(0).timeToFirstChunkSeconds()).isEqualTo(timeToFirstChunk);
	}

	@Test
	void itsUsageIsPricedAndAddedToItsRun() {
		RunState run = new RunState(null, false, null);
		LlmCallOperation call = this.fixture.llmCall(run.storeIn(Context.root()), "openai", "gpt-4o");
		call.record(new OperationFixture.Answer(null, null, null, 1_000_000L, 100_000L));
		call.end();
		// 1M input tokens at 2.50 and 100k output tokens at 10.00 per million.
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.COST_CURRENCY, "EUR");
		assertThat(this.fixture.onlySpan().getAttributes().get(GenAiAttributes.COST)).isCloseTo(3.5, within(1e-9));
		assertThat(run.usage().input()).isEqualTo(1_000_000L);
		assertThat(run.usage().output()).isEqualTo(100_000L);
		assertThat(run.usage().cost()).isCloseTo(3.5, within(1e-9));
		assertThat(run.discoveredProvider()).isEqualTo("openai");
		FinishedOperation finished = this.fixture.finished.get(0);
		assertThat(finished.operationName()).isEqualTo("chat");
		assertThat(finished.provider()).isEqualTo("openai");
		assertThat(finished.requestModel()).isEqualTo("gpt-4o");
		assertThat(finished.inputTokens()).isEqualTo(1_000_000L);
		assertThat(finished.outputTokens()).isEqualTo(100_000L);
		assertThat(finished.cost()).isCloseTo(3.5, within(1e-9));
	}

	@Test
	void itsContextCarriesTheCall() {
		LlmCallOperation call = this.fixture.llmCall(Context.root(), null, null);
		try (io.opentelemetry.context.Scope scope = call.makeCurrent()) {
			assertThat(LlmCallOperation.current()).isSameAs(call);
			assertThat(ToolOperation.current()).isNull();
		}
		call.end();
		assertThat(this.fixture.finished.get(0).provider()).isNull();
	}

	record ChatResponse(String text, @Nullable Long input, @Nullable Long output) {
	}

}
