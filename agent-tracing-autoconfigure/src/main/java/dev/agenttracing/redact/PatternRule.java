package dev.agenttracing.redact;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what a pattern finds, in one pass over the text. A validator can reject a match
 * (a failed Luhn or mod-97 check), and {@code group} picks the part of the match to replace
 * (the credential after {@code Bearer}, not the word itself).
 *
 * @author agent-tracing
 */
final class PatternRule implements TextRule {

	private final String label;

	private final Pattern pattern;

	private final int group;

	private final Predicate<String> validator;

	PatternRule(String label, Pattern pattern, int group, Predicate<String> validator) {
		this.label = label;
		this.pattern = pattern;
		this.group = group;
		this.validator = validator;
	}

	static PatternRule of(String label, String regex) {
		return new PatternRule(label, Pattern.compile(regex), 0, (match) -> true);
	}

	static PatternRule of(String label, String regex, Predicate<String> validator) {
		return new PatternRule(label, Pattern.compile(regex), 0, validator);
	}

	@Override
	public String apply(String text, Replacement replacement, Deadline deadline) {
		Matcher matcher = this.pattern.matcher(deadline.guard(text));
		StringBuilder out = null;
		int last = 0;
		while (matcher.find()) {
			int start = matcher.start(this.group);
			int end = matcher.end(this.group);
			if (start < 0 || start == end) {
				continue;
			}
			String value = text.substring(start, end);
			if (!this.validator.test(value)) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, last, start);
			out.append(replacement.replace(this.label, value));
			last = end;
		}
		if (out == null) {
			return text;
		}
		out.append(text, last, text.length());
		return out.toString();
	}

	String label() {
		return this.label;
	}

}
