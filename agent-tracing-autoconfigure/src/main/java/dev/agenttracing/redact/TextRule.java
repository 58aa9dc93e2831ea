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

}
