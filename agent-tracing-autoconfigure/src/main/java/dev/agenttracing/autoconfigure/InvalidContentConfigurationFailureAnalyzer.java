package dev.agenttracing.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidContentConfigurationException}: which property, why, and how to
 * fix it.
 *
 * @author agent-tracing
 */
class InvalidContentConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidContentConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidContentConfigurationException cause) {
		return new FailureAnalysis("agent-tracing content recording is misconfigured. " + cause.getMessage(),
				"Update '" + cause.getProperty() + "' in your application's configuration: " + cause.getAction(),
				cause);
	}

}
