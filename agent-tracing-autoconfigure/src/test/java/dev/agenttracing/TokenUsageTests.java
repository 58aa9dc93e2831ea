package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link TokenUsage} on its own: counts of one call, sums over a run, cache tokens, and a
 * count nobody reported (absent) kept apart from a count of zero.
 */
class TokenUsageTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	@AfterEach
	void close() {
		this.tracerProvider.close();
	}

	@Test
	void countsNobodyReportedStayAbsentAndZeroStaysZero() {
		TokenUsage usage = new TokenUsage();
		usage.set(new Result(0L, 12L, null, null, null));
		assertThat(usage.input()).isZero();
		assertThat(usage.output()).isEqualTo(12L);
		assertThat(usage.cacheRead()).isNull();
		assertThat(usage.cost()).isNull();
		SpanData span = applied(usage, true);
		assertThat(span).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 0L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 12L);
		assertThat(span.getAttributes().get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isNull();
		assertThat(span.getAttributes().get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS)).isNull();
		assertThat(span.getAttributes().get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isNull();
	}

	@Test
	void aLaterResultReplacesTheCountsItKnowsAndKeepsTheOthers() {
		// A stream reports the input first and its totals last.
		TokenUsage usage = new TokenUsage();
		usage.set(new Result(100L, null, 40L, null, null));
		usage.set(new Result(120L, 30L, null, null, null));
		assertThat(usage.input()).isEqualTo(120L);
		assertThat(usage.output()).isEqualTo(30L);
		assertThat(usage.cacheRead()).isEqualTo(40L);
	}

	@Test
	void cacheAndReasoningTokensReachTheSpanReasoningOnlyWhenAsked() {
		TokenUsage usage = new TokenUsage();
		usage.set(new Result(1_000L, 200L, 600L, 300L, 150L));
		assertThat(applied(usage, true)).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 200L)
			.hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 600L)
			.hasAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 300L)
			.hasAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 150L);
		this.exporter.reset();
		SpanData withoutReasoning = applied(usage, false);
		assertThat(withoutReasoning).hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 600L);
		assertThat(withoutReasoning.getAttributes().get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isNull();
	}

	@Test
	void sumsAddKnownCountsAndLeaveCountsNobodyReportedAbsent() {
		TokenUsage first = new TokenUsage();
		first.set(new Result(100L, 10L, null, 5L, null));
		TokenUsage second = new TokenUsage();
		second.set(new Result(50L, null, 20L, 0L, null));
		TokenUsage run = new TokenUsage();
		run.add(first);
		run.add(second);
		assertThat(run.input()).isEqualTo(150L);
		assertThat(run.output()).isEqualTo(10L);
		assertThat(run.cacheRead()).isEqualTo(20L);
		SpanData span = applied(run, true);
		assertThat(span).hasAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 5L);
		assertThat(span.getAttributes().get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isNull();
	}

	@Test
	void aRunWithoutAnyReportedCountHasNoneAfterAddingEmptyUsage() {
		TokenUsage run = new TokenUsage();
		run.add(new TokenUsage());
		assertThat(run.input()).isNull();
		assertThat(run.output()).isNull();
		assertThat(run.cacheRead()).isNull();
		assertThat(run.cost()).isNull();
		assertThat(applied(run, true).getAttributes().size()).isZero();
	}

	@Test
	void costsAreSummedAndAnUnknownCostDoesNotCountAsZero() {
		TokenUsage priced = new TokenUsage();
		priced.setCost(0.25);
		TokenUsage unpriced = new TokenUsage();
		unpriced.setCost(null);
		TokenUsage run = new TokenUsage();
		run.add(unpriced);
		assertThat(run.cost()).isNull();
		run.add(priced);
		run.add(unpriced);
		run.add(priced);
		assertThat(run.cost()).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void aSnapshotDoesNotChangeWithTheUsageItWasTakenFrom() {
		TokenUsage usage = new TokenUsage();
		usage.set(new Result(10L, 1L, null, null, null));
		usage.setCost(0.1);
		TokenUsage snapshot = usage.snapshot();
		usage.set(new Result(20L, 2L, 3L, null, null));
		usage.setCost(0.2);
		assertThat(snapshot.input()).isEqualTo(10L);
		assertThat(snapshot.output()).isEqualTo(1L);
		assertThat(snapshot.cacheRead()).isNull();
		assertThat(snapshot.cost()).isEqualTo(0.1);
	}

	@Test
	void parallelCallsAddToTheirRunWithoutLosingCounts() throws Exception {
		TokenUsage run = new TokenUsage();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Void>> calls = new ArrayList<>();
			for (int i = 0; i < 4_000; i++) {
				calls.add(CompletableFuture.runAsync(() -> {
					TokenUsage call = new TokenUsage();
					call.set(new Result(3L, 2L, 1L, null, null));
					call.setCost(0.5);
					run.add(call);
				}, pool));
			}
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(run.input()).isEqualTo(12_000L);
		assertThat(run.output()).isEqualTo(8_000L);
		assertThat(run.cacheRead()).isEqualTo(4_000L);
		assertThat(run.cost()).isEqualTo(2_000.0);
	}

	private SpanData applied(TokenUsage usage, boolean includeReasoning) {
		Span span = this.tracerProvider.get("test").spanBuilder("chat").startSpan();
		usage.snapshot().applyTo(span, includeReasoning);
		span.end();
		return this.exporter.getFinishedSpanItems().get(this.exporter.getFinishedSpanItems().size() - 1);
	}

	private record Result(@Nullable Long inputTokens, @Nullable Long outputTokens, @Nullable Long cacheReadInputTokens,
			@Nullable Long cacheCreationInputTokens, @Nullable Long reasoningOutputTokens) implements LlmResult {
	}

}
