package dev.agenttracing.redact;

/**
 * Redacts text before it reaches a span. Implementations registered as beans run after
 * the built-in detectors, custom rules and key rules, in bean order, on every string
 * value of recorded content (each JSON string, one at a time) and on every exception
 * message and stack trace.
 * <p>
 * An implementation must be thread-safe and fast. If it throws, the value it was given is
 * dropped from the span (fail closed), never recorded unredacted.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@FunctionalInterface
public interface ContentRedactor {

	/**
	 * Redact the given text.
	 * @param text the text, already redacted by the built-in detectors and rules
	 * @return the redacted text
	 */
	String redact(String text);

}
