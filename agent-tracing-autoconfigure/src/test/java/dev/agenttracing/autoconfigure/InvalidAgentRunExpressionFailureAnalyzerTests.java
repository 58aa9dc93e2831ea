package dev.agenttracing.autoconfigure;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.agenttracing.aop.InvalidAgentRunExpressionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup message of a bad {@code @AgentRun(conversationId)} expression.
 */
class InvalidAgentRunExpressionFailureAnalyzerTests {

	@Test
	void namesTheMethodTheExpressionAndTheFix() throws Exception {
		Method method = Agent.class.getDeclaredMethod("answer", String.class);
		InvalidAgentRunExpressionException failure = new InvalidAgentRunExpressionException(method, "#qestion.id",
				"'#qestion' is not a parameter of the method", null);
		FailureAnalysis analysis = new InvalidAgentRunExpressionFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).contains("#qestion.id")
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
