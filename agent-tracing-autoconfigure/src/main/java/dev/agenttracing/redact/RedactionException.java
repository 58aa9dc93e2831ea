package dev.agenttracing.redact;

/**
 * Thrown when a value cannot be redacted in time or a redactor fails. The value must then
 * be dropped, never recorded as it is.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class RedactionException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause, or {@code null}
	 */
	public RedactionException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
		super(message, cause);
	}

}
