package dev.agenttracing.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

import dev.agenttracing.aop.InvalidTracingExpressionException;

/**
 * The one failure analyzer of agent-tracing: explains an
 * {@link InvalidAgentTracingPropertyException} (which property, which value, why, and the
 * fix) and an {@link InvalidTracingExpressionException} (which method, which expression,
 * why, and the fix) found anywhere in a startup failure's causes.
 *
 * @author agent-tracing
 */
class AgentTracingFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = nextCause(cause)) {
			if (cause instanceof InvalidAgentTracingPropertyException property) {
				return analyze(property);
			}
			if (cause instanceof InvalidTracingExpressionException expression) {
				return analyze(expression);
			}
		}
		return null;
	}

	private static FailureAnalysis analyze(InvalidAgentTracingPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Update '" + cause.getProperty() + "' in your application's configuration: " + cause.getAction(),
				cause);
	}

	private static FailureAnalysis analyze(InvalidTracingExpressionException cause) {
		return new FailureAnalysis("The " + cause.getAttribute() + " expression \"" + cause.getExpression() + "\" of @"
				+ cause.getAnnotation() + " on " + cause.getMethod() + " cannot work: " + cause.getReason() + ".",
				"Fix the expression in the @" + cause.getAnnotation() + " annotation of " + cause.getMethod()
						+ ". It is SpEL over the method's parameters, such as #request.sessionId or #p0.",
				cause);
	}

	private static @Nullable Throwable nextCause(Throwable cause) {
		return (cause.getCause() != cause) ? cause.getCause() : null;
	}

}
