package dev.agenttracing;

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
 * An agent run ({@link AgentRunOperation}): carries its run state, counts as in flight
 * until its span has ended, and rolls up the usage, cost and provider of what ran inside
 * it, into the run it is nested in too.
 */
class AgentRunOperationTests {

	private final OperationFixture fixture = new OperationFixture(false);

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void itIsInFlightUntilItsSpanHasEnded() {
		AgentRunOperation run = this.fixture.agentRun("planner", Context.root(), "openai");
		assertThat(RunState.from(run.context())).isSameAs(run.run);
		assertThat(this.fixture.instruments.runsInFlight().running()).isOne();
		run.end();
		run.end();
		assertThat(this.fixture.instruments.runsInFlight().running()).isZero();
		assertThat(this.fixture.exporter.getFinishedSpanItems()).hasSize(1);
	}

	@Test
	void itWritesTheUsageAndCostOfItsCallsWithoutReasoningTokens() {
		AgentRunOperation run = this.fixture.agentRun("planner", Context.root(), null);
		for (long input : new long[] { 600_000L, 400_000L }) {
			LlmCallOperation call = this.fixture.llmCall(run.context(), "openai", "gpt-4o");
			call.record(new Reasoning(input, 50_000L, 10_000L));
			call.end();
		}
		run.end();
		SpanData agent = this.fixture.span("invoke_agent planner");
		assertThat(agent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000_000L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 100_000L)
			.hasAttribute(GenAiAttributes.COST_CURRENCY, "EUR")
			.hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
		assertThat(agent.getAttributes().get(GenAiAttributes.COST)).isCloseTo(3.5, within(1e-9));
		assertThat(agent.getAttributes().get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isNull();
		assertThat(this.fixture.span("chat gpt-4o").getAttributes().get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS))
			.isEqualTo(10_000L);
		FinishedOperation finished = this.fixture.finished.get(2);
		assertThat(finished.operationName()).isEqualTo(GenAiAttributes.OPERATION_INVOKE_AGENT);
		assertThat(finished.provider()).isEqualTo("openai");
		assertThat(finished.inputTokens()).as("run metrics count no tokens twice").isNull();
	}

	@Test
	void aNestedRunAddsItsTotalsAndProviderToItsParent() {
		AgentRunOperation parent = this.fixture.agentRun("planner", Context.root(), null);
		AgentRunOperation child = this.fixture.agentRun("researcher", parent.context(), null);
		LlmCallOperation call = this.fixture.llmCall(child.context(), "anthropic", "claude");
		call.record(new OperationFixture.Answer(null, null, null, 30L, 5L));
		call.end();
		child.end();
		LlmCallOperation own = this.fixture.llmCall(parent.context(), null, "gpt-4o");
		own.record(new OperationFixture.Answer(null, null, null, 1L, 1L));
		own.end();
		parent.end();
		assertThat(this.fixture.span("invoke_agent researcher")).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 30L)
			.hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic")
			.hasParentSpanId(this.fixture.span("invoke_agent planner").getSpanId());
		assertThat(this.fixture.span("invoke_agent planner")).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 31L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 6L)
			.hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic");
	}

	@Test
	void aRunThatNamesNoProviderAndCallsNoModelSaysUnknown() {
		this.fixture.agentRun("planner", Context.root(), null).end();
		assertThat(this.fixture.onlySpan()).hasAttribute(GenAiAttributes.PROVIDER_NAME,
				GenAiAttributes.PROVIDER_UNKNOWN);
		assertThat(this.fixture.onlySpan().getAttributes().get(GenAiAttributes.COST)).isNull();
		assertThat(this.fixture.finished.get(0).provider()).isEqualTo(GenAiAttributes.PROVIDER_UNKNOWN);
	}

	@Test
	void aDeclaredProviderIsNotReplacedByTheOneItsCallsUsed() {
		AgentRunOperation run = this.fixture.agentRun("planner", Context.root(), "azure.ai.openai");
		this.fixture.llmCall(run.context(), "openai", "gpt-4o").end();
		run.end();
		assertThat(this.fixture.finished.get(1).provider()).isEqualTo("azure.ai.openai");
	}

	record Reasoning(@Nullable Long inputTokens, @Nullable Long outputTokens,
			@Nullable Long reasoningOutputTokens) implements LlmResult {
	}

}
