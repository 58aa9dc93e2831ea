package dev.agenttracing.springai.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the Spring AI integration.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@ConfigurationProperties(SpringAiTracingProperties.PREFIX)
public class SpringAiTracingProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "agent.tracing.spring-ai";

	/**
	 * Whether Spring AI's chat model calls and tool executions are traced as
	 * agent-tracing's GenAI spans (replacing Spring AI's own spans and token counter for
	 * them). When false, Spring AI's instrumentation is left as it is.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
