package dev.agenttracing.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when an agent-tracing property has a value that cannot work: the one
 * way every {@code agent.tracing.*} property is reported.
 * {@link AgentTracingFailureAnalyzer} turns it into a message that names the property,
 * the value and the fix.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class InvalidAgentTracingPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	/**
	 * Create an exception.
	 * @param property the full property name
	 * @param value the offending value, or {@code null} when missing or secret (never
	 * shown)
	 * @param reason why it cannot work
	 * @param action what to do about it
	 */
	public InvalidAgentTracingPropertyException(String property, @Nullable Object value, String reason, String action) {
		super(((value != null) ? "Invalid value '" + value + "' for property '" + property + "': "
				: "Invalid property '" + property + "': ") + reason);
		this.property = property;
		this.value = (value != null) ? String.valueOf(value) : null;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * The full name of the offending property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The offending value, or {@code null} when missing or secret.
	 * @return the value as text
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Why the value cannot work.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
