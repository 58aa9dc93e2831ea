package dev.agenttracing.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Applies a property's value to the component that checks it, reporting a value the
 * component refuses as an {@link InvalidAgentTracingPropertyException} that names the
 * property and the fix. Each rule (a positive duration, a probability, a minimum size) is
 * written once, in the component's builder; the auto-configuration only says which
 * property a value came from.
 *
 * @author agent-tracing
 */
final class PropertyFailures {

	private PropertyFailures() {
	}

	/**
	 * Run a step with a property's value, naming the property if the step refuses it.
	 * @param <T> what the step returns
	 * @param property the full property name
	 * @param value the value, as the message shows it
	 * @param action what to do about a refused value
	 * @param step hands the value to the component
	 * @return what the step returns
	 * @throws InvalidAgentTracingPropertyException if the step throws an
	 * {@link IllegalArgumentException} or {@link IllegalStateException}
	 */
	static <T> T apply(String property, @Nullable Object value, String action, Supplier<T> step) {
		try {
			return step.get();
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// The component's message is the reason; its exception is not chained, so
			// that the
			// property's exception stays the root cause Boot and the tests look at.
			throw new InvalidAgentTracingPropertyException(property, value, String.valueOf(ex.getMessage()), action);
		}
	}

}
