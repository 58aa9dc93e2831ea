package dev.agenttracing.redact;

/**
 * One redaction step over a text: a detector, a custom rule or the key rule.
 *
 * @author agent-tracing
 */
interface TextRule {

	/**
	 * Redact the text.
	 * @param text the text
	 * @param replacement how to replace what is found
	 * @param deadline when redaction must be done
	 * @return the text with what the rule finds replaced, or {@code text} itself
	 */
	String apply(String text, Replacement replacement, Deadline deadline);

	/**
	 * The same rule without its shortcuts, scanning the whole text with its pattern: what
	 * {@link #apply} must always agree with (tests check that it does).
	 * @return a rule that scans the whole text
	 */
	default TextRule scanningWholeText() {
		return this;
	}

}
