package dev.agenttracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.metrics.FinishedOperation;
import dev.agenttracing.semconv.GenAiAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool execution ({@link ToolOperation}): found in its context, adds nothing to its
 * run, and its metrics name no provider or model.
 */
class ToolOperationTests {

	private final OperationFixture fixture = new OperationFixture(false);

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void itsContextCarriesTheToolAndItsSpan() {
		ToolOperation tool = this.fixture.tool("get_weather", Context.root());
		Context context = tool.context();
		assertThat(ToolOperation.from(context)).isSameAs(tool);
		assertThat(Span.fromContext(context)).isSameAs(tool.span());
		assertThat(ToolOperation.current()).isNull();
		try (Scope scope = tool.makeCurrent()) {
			assertThat(ToolOperation.current()).isSameAs(tool);
			assertThat(LlmCallOperation.current()).isNull();
		}
		assertThat(tool.toolName()).isEqualTo("get_weather");
		tool.end();
	}

	@Test
	void endingAToolAddsNothingToItsRun() {
		RunState run = new RunState(null, false, null);
		ToolOperation tool = this.fixture.tool("get_weather", run.storeIn(Context.root()));
		tool.record(new OperationFixture.Answer(null, "gpt-4o", null, 10L, 5L));
		tool.end();
		assertThat(run.usage().input()).isNull();
		assertThat(run.discoveredProvider()).isNull();
		assertThat(this.fixture.onlySpan().getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
	}

	@Test
	void itsMetricsNameTheOperationOnly() {
		this.fixture.tool("get_weather", Context.root()).end();
		FinishedOperation finished = this.fixture.finished.get(0);
		assertThat(finished.operationName()).isEqualTo(GenAiAttributes.OPERATION_EXECUTE_TOOL);
		assertThat(finished.provider()).isNull();
		assertThat(finished.requestModel()).isNull();
		assertThat(finished.inputTokens()).isNull();
		assertThat(finished.cost()).isNull();
		assertThat(finished.currency()).isEqualTo("EUR");
		assertThat(finished.durationSeconds()).isGreaterThanOrEqualTo(0.0);
	}

}
