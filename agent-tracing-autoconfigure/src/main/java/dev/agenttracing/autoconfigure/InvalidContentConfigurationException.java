package dev.agenttracing.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when an {@code agent.tracing.content.*} property has a value that cannot
 * work. Reported by {@link InvalidContentConfigurationFailureAnalyzer}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class InvalidContentConfigurationException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String action;

	/**
	 * Create an exception.
	 * @param property the full name of the property
	 * @param value the offending value as text, or {@code null} when missing or secret
	 * @param reason why the value cannot work
	 * @param action what to do about it
	 */
	public InvalidContentConfigurationException(String property, @Nullable String value, String reason,
			String action) {
		super("Property '" + property + "'" + ((value != null) ? " with value '" + value + "'" : "") + " is invalid: "
				+ reason);
		this.property = property;
		this.value = value;
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
	 * @return the value
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
