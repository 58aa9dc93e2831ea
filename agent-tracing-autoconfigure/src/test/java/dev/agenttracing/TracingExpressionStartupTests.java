package dev.agenttracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.RunContextAgents.SupportRequest;
import dev.agenttracing.aop.InvalidTracingExpressionException;

import static dev.agenttracing.RunContextTestSupport.request;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SpEL expression of {@code @AgentRun} or {@code @LlmCall} that cannot work for its
 * method stops startup with a message naming the method and what is wrong.
 */
class TracingExpressionStartupTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = RunContextTestSupport.contextRunner(this.exporter);

	@Test
	void misspelledParameterStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.MisspelledParameterAgent.class, "conversationId",
				"'#reqest' is not a parameter", "[request]");
	}

	@Test
	void misspelledPropertyStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.MisspelledPropertyAgent.class, "conversationId", "has no property 'thred'",
				"[userId, thread, question]");
	}

	@Test
	void brokenSyntaxStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.BrokenSyntaxAgent.class, "conversationId", "#request.thread.");
	}

	@Test
	void misspelledLlmCallModelStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.MisspelledLlmCallModel.class, "@LlmCall(model", "has no property 'modle'");
	}

	private void assertStartupFails(Class<?> agentClass, String... messages) {
		this.contextRunner.withBean(agentClass).run((context) -> {
			assertThat(context).hasFailed();
			InvalidTracingExpressionException failure = findCause(context.getStartupFailure());
			assertThat(failure).hasMessageContaining(agentClass.getName() + ".answer(SupportRequest)");
			for (String message : messages) {
				assertThat(failure).hasMessageContaining(message);
			}
		});
	}

	private static InvalidTracingExpressionException findCause(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof InvalidTracingExpressionException ex) {
				return ex;
			}
		}
		throw new AssertionError("No InvalidTracingExpressionException in " + failure);
	}

}
