package dev.agenttracing.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidAgentTracingPropertyException}: which property, which value, and
 * how to fix it.
 *
 * @author agent-tracing
 */
class InvalidAgentTracingPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAgentTracingPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAgentTracingPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), "Update your application's configuration: " + cause.getAction(),
				cause);
	}

}
