package dev.agenttracing.autoconfigure;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.agenttracing.aop.InvalidTracingExpressionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup message of a bad {@code @AgentRun(conversationId)} expression.
 */
class InvalidTracingExpressionFailureAnalyzerTests {

	@Test
	void namesTheMethodTheExpressionAndTheFix() throws Exception {
		Method method = Agent.class.getDeclaredMethod("answer", String.class);
		InvalidTracingExpressionException failure = new InvalidTracingExpressionException("AgentRun",
				"conversationId", method, "#qestion.id", "'#qestion' is not a parameter of the method", null);
		FailureAnalysis analysis = new InvalidTracingExpressionFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).contains("conversationId")
			.contains("#qestion.id")
			.contains(Agent.class.getName() + ".answer(String)")
			.contains("'#qestion' is not a parameter");
		assertThat(analysis.getAction()).contains("@AgentRun").contains("#p0");
	}

	static class Agent {

		String answer(String question) {
			return question;
		}

	}

}
