package dev.agenttracing.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.agenttracing.aop.InvalidTracingExpressionException;

/**
 * Explains an {@link InvalidTracingExpressionException}: which method, which expression, why
 * it cannot work and how to fix it.
 *
 * @author agent-tracing
 */
class InvalidTracingExpressionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTracingExpressionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTracingExpressionException cause) {
		return new FailureAnalysis(
				"The " + cause.getAttribute() + " expression \"" + cause.getExpression() + "\" of @"
						+ cause.getAnnotation() + " on " + cause.getMethod() + " cannot work: " + cause.getReason()
						+ ".",
				"Fix the expression in the @" + cause.getAnnotation() + " annotation of " + cause.getMethod()
						+ ". It is SpEL over the method's parameters, such as #request.sessionId or #p0.",
				cause);
	}

}
