package dev.agenttracing.autoconfigure;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.agenttracing.aop.InvalidTracingExpressionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The startup messages of agent-tracing's one failure analyzer: a bad property and a bad
 * {@code @AgentRun(conversationId)} expression.
 */
class AgentTracingFailureAnalyzerTests {

	@Test
	void namesTheMethodTheExpressionAndTheFix() throws Exception {
		Method method = Agent.class.getDeclaredMethod("answer", String.class);
		InvalidTracingExpressionException failure = new InvalidTracingExpressionException("AgentRun", "conversationId",
				method, "#qestion.id", "'#qestion' is not a parameter of the method", null);
		FailureAnalysis analysis = new AgentTracingFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).contains("conversationId")
			.contains("#qestion.id")
			.contains(Agent.class.getName() + ".answer(String)")
			.contains("'#qestion' is not a parameter");
		assertThat(analysis.getAction()).contains("@AgentRun").contains("#p0");
	}

	@Test
	void namesThePropertyTheValueTheReasonAndTheFix() {
		InvalidAgentTracingPropertyException failure = new InvalidAgentTracingPropertyException(
				"agent.tracing.export.jsonl.max-files", 0, "'maxFiles' must be positive",
				"set it to a positive number such as 10000");
		FailureAnalysis analysis = new AgentTracingFailureAnalyzer()
			.analyze(new IllegalStateException("bean creation", new RuntimeException("wrapped", failure)));
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid value '0' for property 'agent.tracing.export.jsonl.max-files': 'maxFiles' must be positive");
		assertThat(analysis.getAction()).isEqualTo("Update 'agent.tracing.export.jsonl.max-files' in your"
				+ " application's configuration: set it to a positive number such as 10000");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void aSecretValueIsNeverShown() {
		InvalidAgentTracingPropertyException failure = new InvalidAgentTracingPropertyException(
				"agent.tracing.content.redaction.hash-key", null, "hash mode needs a secret key", "set it");
		assertThat(failure.getValue()).isNull();
		assertThat(new AgentTracingFailureAnalyzer().analyze(failure).getDescription())
			.isEqualTo("Invalid property 'agent.tracing.content.redaction.hash-key': hash mode needs a secret key");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new AgentTracingFailureAnalyzer().analyze(new IllegalStateException("not ours"))).isNull();
	}

	@Test
	void aValueTheComponentRefusesIsReportedByItsProperty() {
		assertThatExceptionOfType(InvalidAgentTracingPropertyException.class).isThrownBy(
				() -> PropertyFailures.apply("agent.tracing.sampling.probability", 1.5, "set it to 0.25", () -> {
					throw new IllegalArgumentException("'samplingProbability' must be between 0.0 and 1.0");
				}))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("agent.tracing.sampling.probability");
				assertThat(ex.getValue()).isEqualTo("1.5");
				assertThat(ex.getReason()).isEqualTo("'samplingProbability' must be between 0.0 and 1.0");
				assertThat(ex.getAction()).isEqualTo("set it to 0.25");
				assertThat(ex.getCause()).isNull();
			});
		assertThat(PropertyFailures.apply("agent.tracing.sampling.probability", 0.5, "set it", () -> "accepted"))
			.isEqualTo("accepted");
	}

	static class Agent {

		String answer(String question) {
			return question;
		}

	}

}
