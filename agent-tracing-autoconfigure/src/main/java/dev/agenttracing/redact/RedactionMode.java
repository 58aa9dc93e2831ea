package dev.agenttracing.redact;

/**
 * How a detected value is replaced.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public enum RedactionMode {

	/**
	 * Replace the value with a marker naming what it was, such as
	 * {@code [REDACTED:email]}.
	 */
	MASK,

	/**
	 * Replace the value with a marker and a keyed hash of the value, such as
	 * {@code [REDACTED:email:3f9a1c2b4d5e6f70]}: equal values get equal hashes, so they
	 * can be correlated across spans, but cannot be read back without the key.
	 */
	HASH

}
