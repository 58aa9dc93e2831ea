package dev.agenttracing.redact;

import java.util.regex.Pattern;

/**
 * A configured rule with a fixed replacement, which may refer to groups ({@code $1}) as
 * in {@link java.util.regex.Matcher#replaceAll(String)}.
 *
 * @author agent-tracing
 */
final class CustomRule implements TextRule {

	private final Pattern pattern;

	private final String replacement;

	CustomRule(Pattern pattern, String replacement) {
		this.pattern = pattern;
		this.replacement = replacement;
	}

	@Override
	public String apply(String text, Replacement replacement, Deadline deadline) {
		return this.pattern.matcher(deadline.guard(text)).replaceAll(this.replacement);
	}

}
