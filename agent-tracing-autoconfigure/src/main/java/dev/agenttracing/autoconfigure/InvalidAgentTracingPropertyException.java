package dev.agenttracing.autoconfigure;

/**
 * Thrown at startup when an agent-tracing property has a value that cannot work. Its failure
 * analysis names the property and the fix.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class InvalidAgentTracingPropertyException extends RuntimeException {

	private final String property;

	private final String value;

	private final String action;

	/**
	 * Create an exception.
	 * @param property the full property name
	 * @param value the offending value
	 * @param reason why it cannot work
	 * @param action what to do about it
	 */
	public InvalidAgentTracingPropertyException(String property, Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = String.valueOf(value);
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public String getValue() {
		return this.value;
	}

	public String getAction() {
		return this.action;
	}

}
