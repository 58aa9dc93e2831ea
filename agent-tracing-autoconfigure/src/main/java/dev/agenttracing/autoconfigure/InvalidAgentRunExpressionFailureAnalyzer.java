package dev.agenttracing.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.agenttracing.aop.InvalidAgentRunExpressionException;

/**
 * Explains an {@link InvalidAgentRunExpressionException}: which method, which expression, why
 * it cannot work and how to fix it.
 *
 * @author agent-tracing
 */
class InvalidAgentRunExpressionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAgentRunExpressionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAgentRunExpressionException cause) {
		return new FailureAnalysis(
				"The conversationId expression \"" + cause.getExpression() + "\" of @AgentRun on " + cause.getMethod()
						+ " cannot work: " + cause.getReason() + ".",
				"Fix the expression in the @AgentRun annotation of " + cause.getMethod()
						+ ". It is SpEL over the method's parameters, such as #request.sessionId or #p0.",
				cause);
	}

}
